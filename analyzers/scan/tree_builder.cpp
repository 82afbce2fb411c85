#include "analyzers/scan/tree_builder.h"

#include <algorithm>

#include "support/string_sort.h"

namespace imgslim::analyzers {

namespace {
bool is_real(RecordId r) { return r != kNoRecord && r != kImplicitDir; }
}  // namespace

TreeBuilder::TreeBuilder(ImageScan& scan) : scan_(scan) {
  std::size_t n = scan_.paths.size();
  children_.resize(n);
  parent_.assign(n, kNoPath);
  for (PathId p = 0; p < n; ++p) {
    std::string_view parent = parent_path(scan_.paths.str(p));
    if (parent.empty()) continue;
    auto id = scan_.paths.find(parent);
    if (!id) continue;  // parents are interned by assemble_scan; be safe anyway
    parent_[p] = *id;
    children_[*id].push_back(p);
  }
  current_.assign(n, kNoRecord);
  removed_now_.assign(n, 0);
  removed_size_.assign(n, 0);
  hardlink_content_.assign(scan_.records.size(), kNoRecord);
  scan_.fates.assign(scan_.records.size(), Fate::Visible);
  scan_.changes.assign(scan_.records.size(), Change::None);
}

void TreeBuilder::run() {
  for (auto& layer : scan_.layers) apply_layer(layer);
  finish();
}

void TreeBuilder::remove_below(PathId path, bool include_self, Fate fate, LayerSummary* counting) {
  std::vector<PathId> stack;
  if (include_self) stack.push_back(path);
  else stack.insert(stack.end(), children_[path].begin(), children_[path].end());
  while (!stack.empty()) {
    PathId p = stack.back();
    stack.pop_back();
    RecordId r = current_[p];
    if (r == kNoRecord) continue;
    stack.insert(stack.end(), children_[p].begin(), children_[p].end());
    current_[p] = kNoRecord;
    if (!is_real(r)) continue;
    if (scan_.fates[r] == Fate::Visible) scan_.fates[r] = fate;
    const FileRecord& rec = scan_.records[r];
    if (counting && !rec.is_dir()) {
      ++counting->files_removed;
      std::int64_t size = rec.type == FileType::File ? rec.size : 0;
      counting->bytes_removed += static_cast<std::uint64_t>(size);
      removed_now_[p] = 1;
      removed_size_[p] = size;
      removed_list_.push_back(p);
    }
  }
}

void TreeBuilder::ensure_parents(PathId path, LayerSummary& layer) {
  std::vector<PathId> chain;
  for (PathId p = parent_[path]; p != kNoPath; p = parent_[p]) chain.push_back(p);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    RecordId r = current_[*it];
    if (r == kNoRecord) {
      current_[*it] = kImplicitDir;
    } else if (is_real(r) && !scan_.records[r].is_dir()) {
      // A non-directory where this entry needs a directory: it is replaced.
      scan_.fates[r] = Fate::Deleted;
      if (scan_.records[r].layer < layer.index) ++layer.files_modified;
      current_[*it] = kImplicitDir;
    }
  }
}

void TreeBuilder::add_record(RecordId id, LayerSummary& layer) {
  const FileRecord& rec = scan_.records[id];
  PathId p = rec.path;
  ensure_parents(p, layer);
  RecordId prev = current_[p];
  bool dir = rec.is_dir();
  if (prev != kNoRecord) {
    bool prev_dir = prev == kImplicitDir || scan_.records[prev].is_dir();
    if (prev_dir && !dir) remove_below(p, false, Fate::Deleted, nullptr);
    if (is_real(prev) && scan_.fates[prev] == Fate::Visible) scan_.fates[prev] = Fate::Overwritten;
  }
  if (!dir) {
    if (prev == kNoRecord && removed_now_[p]) {
      // Hidden by this layer's whiteout and written again: a modification.
      removed_now_[p] = 0;
      --layer.files_removed;
      layer.bytes_removed -= static_cast<std::uint64_t>(removed_size_[p]);
      ++layer.files_modified;
      scan_.changes[id] = Change::Modified;
    } else if (prev == kNoRecord || prev == kImplicitDir) {
      ++layer.files_added;
      scan_.changes[id] = Change::Added;
    } else if (scan_.records[prev].layer < layer.index) {
      ++layer.files_modified;
      scan_.changes[id] = Change::Modified;
    } else {
      scan_.changes[id] = scan_.changes[prev];  // written twice in this layer: as its first time
    }
  }
  if (rec.type == FileType::Hardlink && rec.link_target != kNoPath) {
    if (auto target = scan_.paths.find(scan_.links.str(rec.link_target))) {
      RecordId t = current_[*target];
      if (is_real(t)) {
        if (scan_.records[t].type == FileType::Hardlink) t = hardlink_content_[t];
        if (t != kNoRecord && scan_.records[t].type == FileType::File) hardlink_content_[id] = t;
      }
    }
  }
  current_[p] = id;
}

void TreeBuilder::apply_layer(LayerSummary& layer) {
  for (PathId p : removed_list_) removed_now_[p] = 0;
  removed_list_.clear();
  RecordId end = layer.first_record + layer.record_count;
  // Markers apply to the lower layers only, so they go first.
  for (RecordId r = layer.first_record; r < end; ++r) {
    FileRecord& rec = scan_.records[r];
    if (!rec.is_marker()) continue;
    scan_.fates[r] = Fate::Marker;
    const std::uint64_t files_before = layer.files_removed, bytes_before = layer.bytes_removed;
    if (rec.whiteout) remove_below(rec.path, true, Fate::Deleted, &layer);
    else if (rec.path != kNoPath) remove_below(rec.path, false, Fate::Deleted, &layer);
    else {
      // Opaque marker at the layer root: everything below is hidden.
      for (PathId p = 0; p < parent_.size(); ++p)
        if (parent_[p] == kNoPath) remove_below(p, true, Fate::Deleted, &layer);
    }
    if (layer.files_removed > files_before)
      scan_.removals.push_back({r, layer.files_removed - files_before, layer.bytes_removed - bytes_before});
  }
  for (RecordId r = layer.first_record; r < end; ++r)
    if (!scan_.records[r].is_marker()) add_record(r, layer);
}

void TreeBuilder::finish() {
  // Content reached through a visible hardlink stays in the image.
  for (RecordId r = 0; r < scan_.records.size(); ++r) {
    RecordId c = hardlink_content_[r];
    if (c != kNoRecord && scan_.fates[r] == Fate::Visible) scan_.fates[c] = Fate::Visible;
  }
  for (RecordId r = 0; r < scan_.records.size(); ++r) {
    const FileRecord& rec = scan_.records[r];
    if (rec.type != FileType::File || rec.is_marker() || rec.size <= 0) continue;
    auto& layer = scan_.layers[rec.layer];
    auto size = static_cast<std::uint64_t>(rec.size);
    switch (scan_.fates[r]) {
      case Fate::Visible: scan_.tree.bytes_ += size; break;
      case Fate::Overwritten: layer.overwritten_bytes += size; break;
      case Fate::Deleted: layer.deleted_bytes += size; break;
      case Fate::Marker: break;
    }
  }
  auto& tree = scan_.tree;
  tree.by_path_ = current_;
  for (PathId p = 0; p < current_.size(); ++p) {
    RecordId r = current_[p];
    if (r == kNoRecord) continue;
    tree.nodes_.push_back({p, r});
    if (r == kImplicitDir || scan_.records[r].is_dir()) ++tree.dirs_;
    else ++tree.files_;
  }
  sort_by_bytes(tree.nodes_, [&](const MergedTree::Node& n) { return scan_.paths.str(n.path); });
}

}  // namespace imgslim::analyzers
