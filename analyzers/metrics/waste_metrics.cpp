#include "analyzers/metrics/waste_metrics.h"

#include <algorithm>
#include <map>

namespace imgslim::analyzers {

WasteMetrics compute_waste_metrics(const ImageScan& scan, const BaseSplit& base) {
  WasteMetrics m;
  m.base = base;
  m.total_bytes = scan.total_bytes();
  m.final_bytes = scan.tree.bytes();
  m.reclaimable_bytes = m.total_bytes > m.final_bytes ? m.total_bytes - m.final_bytes : 0;
  for (const auto& l : scan.layers) {
    m.overwritten_bytes += l.overwritten_bytes;
    m.deleted_bytes += l.deleted_bytes;
    if (l.index >= base.layers) {
      m.user_bytes += l.content_bytes;
      m.user_reclaimable_bytes += l.invisible_bytes();
    }
  }

  // Overwritten by the same content: only metadata changed.
  std::vector<RecordId> last_file(scan.paths.size(), kNoRecord);
  for (RecordId r = 0; r < scan.records.size(); ++r) {
    const FileRecord& rec = scan.records[r];
    if (rec.is_marker() || rec.path == kNoPath) continue;
    RecordId prev = last_file[rec.path];
    if (rec.type == FileType::File && prev != kNoRecord && scan.fates[prev] == Fate::Overwritten) {
      const FileRecord& p = scan.records[prev];
      if (p.size == rec.size && p.content_hash == rec.content_hash && p.layer < rec.layer)
        m.metadata_only_bytes += static_cast<std::uint64_t>(p.size);
    }
    last_file[rec.path] = rec.type == FileType::File ? r : kNoRecord;
  }

  // The same content visible at several paths (hardlinks share one copy):
  // sorted by (hash, size), tree order kept within a group.
  struct Visible {
    std::uint64_t hash;
    std::int64_t size;
    RecordId record;
  };
  std::vector<Visible> visible;
  for (const auto& node : scan.tree.nodes()) {
    if (node.record == kImplicitDir) continue;
    const FileRecord& rec = scan.records[node.record];
    if (rec.type != FileType::File || rec.size <= 0) continue;
    visible.push_back({rec.content_hash, rec.size, node.record});
  }
  std::stable_sort(visible.begin(), visible.end(), [](const Visible& a, const Visible& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.size < b.size;
  });
  for (std::size_t i = 0; i < visible.size();) {
    std::size_t j = i + 1;
    while (j < visible.size() && visible[j].hash == visible[i].hash && visible[j].size == visible[i].size) ++j;
    if (j - i >= 2) {
      DuplicateGroup g{visible[i].hash, visible[i].size, {}};
      for (std::size_t k = i; k < j; ++k) g.records.push_back(visible[k].record);
      m.duplicate_bytes += g.wasted();
      m.duplicates.push_back(std::move(g));
    }
    i = j;
  }
  std::stable_sort(m.duplicates.begin(), m.duplicates.end(),
                   [](const DuplicateGroup& a, const DuplicateGroup& b) { return a.wasted() > b.wasted(); });
  return m;
}

}  // namespace imgslim::analyzers
