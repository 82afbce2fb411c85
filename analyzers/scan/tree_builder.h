// Applies layers in order (OCI whiteout semantics) to build the merged tree
// and decide every record's fate. Used by assemble_scan; separate so that
// the rules live in one place.
#pragma once
#include <vector>

#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

class TreeBuilder {
 public:
  // `scan` has paths (with every parent interned), records and layers
  // (first_record/record_count) filled. Fills fates, tree and the layer
  // figures that depend on the merge.
  explicit TreeBuilder(ImageScan& scan);
  void run();

 private:
  void apply_layer(LayerSummary& layer);
  void remove_below(PathId path, bool include_self, Fate fate, LayerSummary* counting);
  void ensure_parents(PathId path, LayerSummary& layer);
  void add_record(RecordId id, LayerSummary& layer);
  void finish();

  ImageScan& scan_;
  std::vector<std::vector<PathId>> children_;  // static: every path any layer names
  std::vector<PathId> parent_;
  std::vector<RecordId> current_;              // by path: record shown now, kImplicitDir, kNoRecord
  std::vector<RecordId> hardlink_content_;     // by record: the regular-file record a hardlink shares
  std::vector<char> removed_now_;              // by path: hidden by this layer's markers
  std::vector<PathId> removed_list_;
  std::vector<std::int64_t> removed_size_;     // by path: size counted when removed this layer
};

}  // namespace imgslim::analyzers
