// analyzers/diff/ — `imgslim diff`: two analyses compared, and its rendering.
// May include: support/.
//
// `imgslim diff OLD NEW`: what changed between two images — overall, per
// layer (matched by diff_id, then by the instruction that made it), per
// category, per package, and per file above a size threshold.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::analyzers {

// One side of a diff: what is compared, independent of how it was read.
struct DiffSide {
  std::string ref;
  std::uint64_t final_bytes = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t compressed_bytes = 0;
  std::uint64_t final_files = 0;

  struct Layer {
    std::string diff_id;     // "sha256:..."
    std::string created_by;
    std::uint64_t bytes = 0;
  };
  std::vector<Layer> layers;

  bool has_categories = false;
  std::map<std::string, std::uint64_t> categories;

  struct Package {
    std::string ecosystem, name, version, category;
    std::uint64_t bytes = 0;
  };
  std::vector<Package> packages;

  std::map<std::string, std::uint64_t> files;  // final non-directory paths -> size
};

struct ImageDiff {
  std::string old_ref, new_ref;
  std::int64_t final_delta = 0, total_delta = 0, compressed_delta = 0, files_delta = 0;
  std::uint64_t old_final = 0, new_final = 0;

  struct LayerChange {
    enum Kind { Same, Changed, Added, Removed } kind = Same;
    std::optional<std::size_t> old_index, new_index;
    std::string created_by;
    std::uint64_t old_bytes = 0, new_bytes = 0;
    std::int64_t delta() const { return static_cast<std::int64_t>(new_bytes) - static_cast<std::int64_t>(old_bytes); }
  };
  std::vector<LayerChange> layers;

  struct CategoryChange {
    std::string category;
    std::uint64_t old_bytes = 0, new_bytes = 0;
    std::int64_t delta() const { return static_cast<std::int64_t>(new_bytes) - static_cast<std::int64_t>(old_bytes); }
  };
  std::vector<CategoryChange> categories;  // largest |delta| first; unchanged omitted
  bool has_categories = false;

  struct PackageChange {
    std::string ecosystem, name, category;
    std::string old_version, new_version;  // "" when absent on that side
    std::uint64_t old_bytes = 0, new_bytes = 0;
    std::int64_t delta() const { return static_cast<std::int64_t>(new_bytes) - static_cast<std::int64_t>(old_bytes); }
  };
  std::vector<PackageChange> packages;  // largest |delta| first; unchanged omitted

  struct FileChange {
    std::string path;
    std::uint64_t old_bytes = 0, new_bytes = 0;
    bool added = false, removed = false;
    std::int64_t delta() const { return static_cast<std::int64_t>(new_bytes) - static_cast<std::int64_t>(old_bytes); }
  };
  std::vector<FileChange> files;  // |delta| >= threshold, largest first
  std::size_t files_below_threshold = 0;
};

// `file_threshold`: files whose size changed by less are counted, not listed.
ImageDiff diff_images(const DiffSide& old_side, const DiffSide& new_side, std::uint64_t file_threshold);

std::string render_diff_text(const ImageDiff& d, std::size_t max_rows = 20);
std::string render_diff_json(const ImageDiff& d);
std::string render_diff_markdown(const ImageDiff& d, std::size_t max_rows = 20);

}  // namespace imgslim::analyzers
