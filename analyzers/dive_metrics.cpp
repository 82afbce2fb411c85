#include "analyzers/dive_metrics.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analyzers/dive_tree.h"

namespace imgslim::analyzers {

namespace {

std::string join(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (!out.empty()) out += '/';
  out += name;
  return out;
}

dive::Tree layer_tree(const ImageScan& scan, const LayerSummary& layer) {
  dive::Tree tree;
  for (RecordId r = layer.first_record; r < layer.first_record + layer.record_count; ++r) {
    const FileRecord& rec = scan.records[r];
    std::string_view path = rec.path == kNoPath ? std::string_view() : scan.paths.str(rec.path);
    dive::Info info{rec.type == FileType::Directory, rec.size};
    if (rec.opaque) {
      tree.add_path(join(path, ".wh..wh..opq"), info);
    } else if (rec.whiteout) {
      tree.add_path(join(parent_path(path), std::string(".wh.") + std::string(base_name(path))), info);
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
  std::vector<dive::Tree> trees;
  trees.reserve(scan.layers.size());
  for (const auto& l : scan.layers) trees.push_back(layer_tree(scan, l));

  // Whiteout sizes are looked up in the stack of the earlier layers, built
  // as dive does: a copy of layer 0, then layers 0..k-1 stacked onto it.
  std::size_t last_whiteout_layer = 0;
  for (const auto& rec : scan.records)
    if (rec.whiteout) last_whiteout_layer = std::max<std::size_t>(last_whiteout_layer, rec.layer);
  dive::Tree stacked;
  if (!trees.empty()) stacked = trees[0];

  std::unordered_map<std::string, std::size_t> index;  // path -> slot in data
  std::vector<PathData> data;
  std::vector<std::string> paths;
  std::vector<std::size_t> inefficient;  // slots, in the order they became inefficient

  for (std::size_t idx = 0; idx < trees.size(); ++idx) {
    if (idx >= 1 && idx <= last_whiteout_layer) stacked.stack(trees[idx - 1]);
    const dive::Tree& tree = trees[idx];
    tree.visit_child_first(dive::Tree::kRoot, [&](dive::Tree::NodeId node) {
      if (!tree.is_leaf(node)) return true;
      std::string path = tree.path(node);
      auto [it, fresh] = index.try_emplace(path, data.size());
      if (fresh) {
        data.emplace_back();
        paths.push_back(path);
      }
      std::size_t slot = it->second;
      std::int64_t size = 0;
      if (tree.is_whiteout(node)) {
        auto prev = stacked.get(path);
        if (prev == dive::Tree::kNone) return false;  // dive stops this layer here
        if (stacked.info(prev).is_dir) size = stacked.subtree_size(prev);
      } else {
        size = tree.info(node).size;
      }
      PathData& d = data[slot];
      d.cum += size;
      if (d.min < 0 || size < d.min) d.min = size;
      if (++d.count == 2) inefficient.push_back(slot);
      return true;
    });
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
    m.inefficiencies.push_back({paths[*it], data[*it].count, data[*it].cum});
  }
  m.user_wasted_percent = static_cast<double>(m.wasted_bytes) / static_cast<double>(m.user_bytes);
  return m;
}

}  // namespace imgslim::analyzers
