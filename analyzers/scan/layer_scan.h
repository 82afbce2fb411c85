// One layer read into memory-light form: the entries (no content, only an
// xxh3-64 hash), whiteouts decoded, captured contents. Layers are scanned
// independently (in parallel) and then assembled in order (assemble_scan).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/scan/image_scan.h"
#include "oci/layers/layer_reader.h"
#include "oci/layers/tar_entry.h"

namespace imgslim::analyzers {

struct LayerScan {
  // Names are kept back to back in `text` (no allocation per entry).
  struct Entry {
    std::uint64_t path_at = 0;  // cleaned; whiteout: the removed path; opaque: the directory
    std::uint64_t link_at = 0;  // cleaned for hardlinks, as written for symlinks
    std::uint32_t path_size = 0;
    std::uint32_t link_size = 0;
    FileRecord record;  // path/link_target/layer ids are set by assemble_scan
  };
  std::vector<Entry> entries;
  std::string text;
  std::string_view path(const Entry& e) const { return std::string_view(text).substr(e.path_at, e.path_size); }
  std::string_view link_target(const Entry& e) const { return std::string_view(text).substr(e.link_at, e.link_size); }
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
