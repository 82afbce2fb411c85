// imgslim's own ("correct") figures: bytes shipped but invisible in the final
// filesystem, split by cause, content duplicated at different paths, and the
// share of the layers after the base image.
#pragma once
#include <cstdint>
#include <vector>

#include "analyzers/scan/base_layers.h"
#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

struct DuplicateGroup {
  std::uint64_t content_hash = 0;
  std::int64_t size = 0;            // of one copy
  std::vector<RecordId> records;    // visible copies, path order
  std::uint64_t wasted() const { return static_cast<std::uint64_t>(size) * (records.size() - 1); }
};

struct WasteMetrics {
  std::uint64_t total_bytes = 0;        // sum of layer content bytes
  std::uint64_t final_bytes = 0;        // content visible in the merged tree
  std::uint64_t reclaimable_bytes = 0;  // total - final
  std::uint64_t overwritten_bytes = 0;  // of which: replaced by a later entry at the same path
  std::uint64_t deleted_bytes = 0;      // of which: removed by whiteouts / opaque dirs
  std::uint64_t metadata_only_bytes = 0;  // overwritten by identical content (chmod/chown/touch-only)
  std::uint64_t duplicate_bytes = 0;    // visible content stored more than once at different paths
  std::vector<DuplicateGroup> duplicates;  // largest waste first

  BaseSplit base;                            // where the base image ends
  std::uint64_t user_bytes = 0;              // content bytes of the layers after the base
  std::uint64_t user_reclaimable_bytes = 0;  // invisible content shipped by those layers
};

WasteMetrics compute_waste_metrics(const ImageScan& scan, const BaseSplit& base);

}  // namespace imgslim::analyzers
