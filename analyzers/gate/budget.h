// analyzers/gate/ — `imgslim check`: budgets (.imgslim.yaml, .dive-ci), the facts a budget is checked
// against, the rules and their report formats.
// May include: analyzers/ (analysis.h), analyzers/diff/, support/.
//
// Size budgets: what `imgslim check` enforces. Loaded from `.imgslim.yaml`
// (a `budgets:` list, first matching `image:` glob wins) or from dive's
// `.dive-ci` (`rules:` lowestEfficiency / highestWastedBytes /
// highestUserWastedPercent, with dive's defaults and parsing).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imgslim::analyzers {

// A growth limit against a baseline image: bytes, a ratio, or both.
struct GrowthLimit {
  std::optional<std::uint64_t> bytes;
  std::optional<double> ratio;  // 0.10 = 10 %
  std::string text;             // as written
};

struct Budget {
  std::string image = "*";  // glob on the image reference
  std::string file;         // where it was read from
  int line = 0;             // 1-based line of the entry

  std::optional<std::uint64_t> max_size;             // final filesystem bytes
  std::optional<std::uint64_t> max_total_size;       // sum of layer content bytes
  std::optional<std::uint64_t> max_compressed_size;
  std::optional<std::uint64_t> max_layer_size;
  std::optional<std::uint64_t> max_layers;
  std::optional<double> min_efficiency;               // dive's efficiency, 0..1
  std::optional<std::uint64_t> max_wasted_bytes;     // dive's wasted bytes
  std::optional<double> max_wasted_percent;           // dive's user wasted ratio, 0..1
  std::optional<std::uint64_t> max_reclaimable_bytes;
  std::map<std::string, std::uint64_t> categories;    // category id -> max bytes
  std::optional<std::uint64_t> max_package_size;
  std::optional<bool> require_non_root;
  std::optional<bool> require_init;
  std::optional<bool> require_healthcheck;
  std::vector<std::string> forbid_paths;              // globs over final paths
  std::optional<GrowthLimit> max_growth;               // needs --baseline

  bool from_dive_ci = false;
};

struct BudgetFile {
  std::string path;
  std::vector<Budget> budgets;
};

// Reads a budget file; throws imgslim::Error naming the file, the key and
// (where known) the line for anything invalid.
BudgetFile load_budget_file(const std::string& path);
BudgetFile parse_budget_text(const std::string& text, const std::string& name);

// `.imgslim.yaml`, `.imgslim.yml` or `.dive-ci` in `start_dir` or any parent.
std::optional<std::string> find_budget_file(const std::string& start_dir);

// First budget whose `image` glob matches `ref` (also tried without the
// transport prefix and without the registry host); nullptr when none does.
const Budget* select_budget(const BudgetFile& file, const std::string& ref);

}  // namespace imgslim::analyzers
