// analyzers/metrics/ — figures computed from the scan: dive's efficiency and wasted bytes (with dive's
// own trees) and imgslim's reclaimable/duplicate bytes.
// May include: analyzers/scan/, support/.
//
// dive v0.13's image metrics, reproduced exactly (same trees, same quirks),
// so that users moving from dive see identical figures. See
// shared/specs/dive-metrics.md; imgslim's own figures are in waste_metrics.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

struct DiveInefficiency {
  std::string path;           // "/root/saved.txt" (dive's form, leading "/")
  std::uint64_t count = 0;    // occurrences across layers
  std::int64_t cum_bytes = 0; // sum of sizes over the occurrences
};

struct DiveMetrics {
  double efficiency = 1.0;           // sum of per-path minimum / sum of per-path total
  std::uint64_t wasted_bytes = 0;    // sum of cum over inefficient paths
  std::uint64_t image_bytes = 0;     // sum of layer sizes
  std::uint64_t user_bytes = 0;      // all layers but the first
  double user_wasted_percent = 0;    // wasted / user (a ratio; NaN for 0/0)
  std::vector<DiveInefficiency> inefficiencies;  // largest cum first
};

DiveMetrics compute_dive_metrics(const ImageScan& scan);

}  // namespace imgslim::analyzers
