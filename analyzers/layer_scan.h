// One layer read into memory-light form: the entries (no content, only an
// xxh3-64 hash), whiteouts decoded, captured contents. Layers are scanned
// independently (in parallel) and then assembled in order (assemble_scan).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzers/image_scan.h"
#include "oci/layer_reader.h"
#include "oci/tar_entry.h"

namespace imgslim::analyzers {

struct LayerScan {
  struct Entry {
    std::string path;         // cleaned; whiteout: the removed path; opaque: the directory
    std::string link_target;  // cleaned for hardlinks, as written for symlinks
    FileRecord record;        // path/link_target/layer ids are set by assemble_scan
  };
  std::vector<Entry> entries;
  std::vector<std::pair<std::size_t, CapturedContent>> captured;  // entry index -> content
  std::uint64_t content_bytes = 0;  // sum of header sizes over all tar entries
  std::uint64_t entry_count = 0;    // all tar entries, incl. dropped ones ("." and ".wh..wh.*" others)
  oci::LayerStats stats;            // from the layer reader (tar/compressed bytes)
};

// Feeds on the layer reader's visitor calls.
class LayerScanner {
 public:
  LayerScanner(CapturePredicate capture = {}, std::size_t capture_limit = 8u << 20);
  void visit(const oci::TarEntry& entry, oci::EntryContent* content);
  LayerScan take() { return std::move(scan_); }

 private:
  CapturePredicate capture_;
  std::size_t capture_limit_;
  LayerScan scan_;
};

// Merges layer scans (bottom first) into an ImageScan: interns paths, applies
// whiteouts, builds the merged tree, fills the per-layer figures. `summaries`
// carry what the scans cannot know (descriptor, diff_id, history); when
// shorter than `layers` the rest are default.
ImageScan assemble_scan(std::vector<LayerScan> layers, std::vector<LayerSummary> summaries = {});

}  // namespace imgslim::analyzers
