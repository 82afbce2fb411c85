// The facts about one image that budget rules are evaluated on. Built from
// an analysis (see check_subject_from_analysis in cli) so that rules stay
// pure functions, testable on their own.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::analyzers {

struct CheckSubject {
  std::string ref;
  std::uint64_t final_bytes = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t compressed_bytes = 0;
  bool compressed_computed = false;   // a layer stored uncompressed: its gzip size computed
  std::uint64_t reclaimable_bytes = 0;
  double efficiency = 1.0;            // dive-compatible
  std::uint64_t wasted_bytes = 0;     // dive-compatible
  double user_wasted_percent = 0.0;   // dive-compatible ratio (NaN when no user bytes)

  struct Layer {
    std::size_t index = 0;
    std::uint64_t size_bytes = 0;
    std::string created_by;
  };
  std::vector<Layer> layers;

  bool has_categories = false;        // attribution ran
  std::map<std::string, std::uint64_t> categories;
  // Largest contributors per category (layer index, bytes), for messages.
  std::map<std::string, std::vector<std::pair<std::size_t, std::uint64_t>>> category_layers;

  struct Package {
    std::string ecosystem, name, version, category;
    std::uint64_t bytes = 0;
    std::optional<std::size_t> layer;
  };
  std::vector<Package> packages;

  std::string user;                   // config User ("" = root)
  std::vector<std::string> entrypoint, cmd;
  bool has_healthcheck = false;

  struct File {
    std::string path;                 // no leading '/'
    std::uint64_t size = 0;
    std::size_t layer = 0;
  };
  std::vector<File> final_files;      // non-directory entries of the final tree
};

}  // namespace imgslim::analyzers
