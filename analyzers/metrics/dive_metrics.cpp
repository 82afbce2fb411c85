#include "support/path_join.h"
#include "analyzers/metrics/dive_metrics.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

#include "analyzers/metrics/dive_tree.h"
#include "support/parallel.h"

namespace imgslim::analyzers {

namespace {

dive::Tree layer_tree(const ImageScan& scan, const LayerSummary& layer) {
  dive::Tree tree;
  tree.reserve(layer.record_count);
  for (RecordId r = layer.first_record; r < layer.first_record + layer.record_count; ++r) {
    const FileRecord& rec = scan.records[r];
    std::string_view path = rec.path == kNoPath ? std::string_view() : scan.paths.str(rec.path);
    dive::Info info{rec.type == FileType::Directory, rec.size};
    if (rec.opaque) {
      tree.add_path(join_path(path, ".wh..wh..opq"), info);
    } else if (rec.whiteout) {
      tree.add_path(join_path(parent_path(path), std::string(".wh.") + std::string(base_name(path))), info);
    } else {
      tree.add_path(path, info);
    }
  }
  return tree;
}

struct PathData {
  std::uint64_t count = 0;
  std::int64_t cum = 0;
  std::int64_t min = -1;
};

}  // namespace

DiveMetrics compute_dive_metrics(const ImageScan& scan) {
  DiveMetrics m;
  for (const auto& l : scan.layers) {
    m.image_bytes += l.content_bytes;
    if (l.index != 0) m.user_bytes += l.content_bytes;
  }
  std::vector<dive::Tree> trees(scan.layers.size());
  parallel_for(trees.size(), worker_threads(), [&](std::size_t i) { trees[i] = layer_tree(scan, scan.layers[i]); });

  // Whiteout sizes are looked up in the stack of the earlier layers, built
  // as dive does: a copy of layer 0, then layers 0..k-1 stacked onto it.
  std::size_t last_whiteout_layer = 0;
  for (const auto& rec : scan.records)
    if (rec.whiteout) last_whiteout_layer = std::max<std::size_t>(last_whiteout_layer, rec.layer);
  // The copy is made only once a later layer needs it (layer 0 looks its
  // whiteouts up in itself), and each tree is freed once nothing reads it.
  std::optional<dive::Tree> stacked;

  // path -> slot in data: by the scan's interned id (nearly every dive path
  // is a scan path), by the string for the rest.
  constexpr std::size_t kNoSlot = SIZE_MAX;
  std::vector<std::size_t> slot_of_id(scan.paths.size(), kNoSlot);
  std::unordered_map<std::string, std::size_t> slot_of_text;
  std::vector<PathData> data;
  std::vector<PathId> ids;                              // per slot; kNoPath: named in text_of_slot
  std::unordered_map<std::size_t, std::string> text_of_slot;
  std::vector<std::size_t> inefficient;  // slots, in the order they became inefficient

  for (std::size_t idx = 0; idx < trees.size(); ++idx) {
    if (idx >= 1 && idx <= last_whiteout_layer) {
      if (!stacked) {  // room for layer 0 and every layer stacked onto it
        std::size_t room = trees[0].node_count();
        for (std::size_t i = 0; i < last_whiteout_layer; ++i) room += trees[i].node_count();
        stacked = dive::Tree::copy_of(trees[0], room);
      }
      stacked->stack(trees[idx - 1]);
    } else if (idx > last_whiteout_layer) {
      stacked.reset();  // no whiteout from here on
    }
    const dive::Tree& below = stacked ? *stacked : trees[0];
    const dive::Tree& tree = trees[idx];
    tree.visit_child_first(dive::Tree::kRoot, [&](dive::Tree::NodeId node) {
      if (!tree.is_leaf(node)) return true;
      std::string path = tree.path(node);
      std::size_t* slot_ref = nullptr;
      const auto id = scan.paths.find(std::string_view(path).substr(1));
      if (id) slot_ref = &slot_of_id[*id];
      else slot_ref = &slot_of_text.try_emplace(path, kNoSlot).first->second;
      if (*slot_ref == kNoSlot) {
        *slot_ref = data.size();
        data.emplace_back();
        if (!id) text_of_slot.emplace(data.size() - 1, path);
        ids.push_back(id ? *id : kNoPath);
      }
      const std::size_t slot = *slot_ref;
      std::int64_t size = 0;
      if (tree.is_whiteout(node)) {
        auto prev = below.get(path);
        if (prev == dive::Tree::kNone) return false;  // dive stops this layer here
        if (below.info(prev).is_dir) size = below.subtree_size(prev);
      } else {
        size = tree.info(node).size;
      }
      PathData& d = data[slot];
      d.cum += size;
      if (d.min < 0 || size < d.min) d.min = size;
      if (++d.count == 2) inefficient.push_back(slot);
      return true;
    });
    // Nothing reads the layer below again; this one is read again only when stacked next.
    if (idx >= 1) trees[idx - 1] = dive::Tree();
    if (idx + 1 > last_whiteout_layer) trees[idx] = dive::Tree();
  }

  std::int64_t min_sum = 0, cum_sum = 0;
  for (const auto& d : data) {
    min_sum += d.min;
    cum_sum += d.cum;
  }
  m.efficiency = cum_sum == 0 ? 1.0 : static_cast<double>(min_sum) / static_cast<double>(cum_sum);

  // dive sorts ascending by cum (and lists largest first); among equal sizes
  // the order they became inefficient is kept.
  std::stable_sort(inefficient.begin(), inefficient.end(),
                   [&](std::size_t a, std::size_t b) { return data[a].cum < data[b].cum; });
  for (auto it = inefficient.rbegin(); it != inefficient.rend(); ++it) {
    m.wasted_bytes += static_cast<std::uint64_t>(data[*it].cum);
    std::string path = ids[*it] != kNoPath ? "/" + std::string(scan.paths.str(ids[*it])) : text_of_slot.at(*it);
    m.inefficiencies.push_back({std::move(path), data[*it].count, data[*it].cum});
  }
  m.user_wasted_percent = static_cast<double>(m.wasted_bytes) / static_cast<double>(m.user_bytes);
  return m;
}

}  // namespace imgslim::analyzers
