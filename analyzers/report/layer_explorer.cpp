#include "analyzers/report/layer_explorer.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

namespace imgslim::analyzers {

namespace {

struct Node {
  std::string_view name;
  std::map<std::string_view, std::uint32_t> kids;
  char kind = 'd';
  char mark = ' ';
  std::uint64_t bytes = 0, hidden = 0, removed = 0, files = 0;
  std::uint64_t weight() const { return bytes + removed; }
};

// One layer's own entries as a tree; node 0 is the root.
class LayerTrie {
 public:
  LayerTrie() : nodes_(1) {}

  std::uint32_t add(std::string_view path, std::uint64_t bytes, std::uint64_t hidden, std::uint64_t removed,
                    std::uint64_t files) {
    std::uint32_t cur = 0;
    add_totals(cur, bytes, hidden, removed, files);
    std::size_t start = 0;
    while (start < path.size()) {
      const std::size_t slash = path.find('/', start);
      const std::string_view part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      auto it = nodes_[cur].kids.find(part);
      if (it == nodes_[cur].kids.end()) {
        const auto id = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({});
        nodes_.back().name = part;
        it = nodes_[cur].kids.emplace(part, id).first;
      }
      cur = it->second;
      add_totals(cur, bytes, hidden, removed, files);
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return cur;
  }
  Node& at(std::uint32_t id) { return nodes_[id]; }

  // Rows shown below an expanded node at threshold t.
  std::size_t count(std::uint64_t t, std::uint32_t id = 0) const {
    std::size_t rows = 0;
    bool folded = false;
    for (const auto& [name, kid] : nodes_[id].kids) {
      const Node& c = nodes_[kid];
      if (c.weight() < t) {
        folded = true;
        continue;
      }
      rows += 1 + count(t, kid);
    }
    return rows + (folded ? 1 : 0);
  }

  void emit(std::uint64_t t, std::vector<ExplorerRow>& out, std::uint32_t id = 0, std::uint32_t depth = 0) const {
    ExplorerRow rest{depth, "", 'r', ' ', 0, 0, 0, 0};
    std::size_t folded = 0;
    for (const auto& [name, kid] : nodes_[id].kids) {
      const Node& c = nodes_[kid];
      if (c.weight() < t) {
        ++folded;
        rest.bytes += c.bytes;
        rest.hidden += c.hidden;
        rest.removed += c.removed;
        rest.files += c.files;
        continue;
      }
      out.push_back({depth, std::string(c.name), c.kind, c.mark, c.bytes, c.hidden, c.removed, c.files});
      emit(t, out, kid, depth + 1);
    }
    if (folded) {
      rest.name = "(" + std::to_string(folded) + " smaller entr" + (folded == 1 ? "y" : "ies") + ")";
      out.push_back(std::move(rest));
    }
  }

 private:
  void add_totals(std::uint32_t id, std::uint64_t bytes, std::uint64_t hidden, std::uint64_t removed,
                  std::uint64_t files) {
    Node& n = nodes_[id];
    n.bytes += bytes;
    n.hidden += hidden;
    n.removed += removed;
    n.files += files;
  }
  std::vector<Node> nodes_;
};

char mark_of(Change c) {
  switch (c) {
    case Change::Added: return 'A';
    case Change::Modified: return 'M';
    case Change::None: break;
  }
  return ' ';
}

}  // namespace

LayerExplorer build_layer_explorer(const ImageScan& scan, std::size_t row_budget) {
  std::unordered_map<RecordId, const Removal*> removal_of;
  for (const Removal& r : scan.removals) removal_of.emplace(r.marker, &r);
  std::vector<LayerTrie> tries(scan.layers.size());
  for (std::size_t l = 0; l < scan.layers.size(); ++l) {
    const LayerSummary& layer = scan.layers[l];
    LayerTrie& trie = tries[l];
    for (RecordId rid = layer.first_record; rid < layer.first_record + layer.record_count; ++rid) {
      const FileRecord& r = scan.records[rid];
      const std::string_view path = r.path == kNoPath ? std::string_view() : scan.paths.str(r.path);
      if (r.is_marker()) {
        auto it = removal_of.find(rid);
        const std::uint64_t bytes = it == removal_of.end() ? 0 : it->second->bytes;
        Node& n = trie.at(trie.add(path, 0, 0, bytes, 0));
        n.mark = 'D';
        if (r.whiteout && n.kids.empty()) n.kind = 'f';
        continue;
      }
      const std::uint64_t size = r.size > 0 ? static_cast<std::uint64_t>(r.size) : 0;
      const bool dir = r.is_dir();
      const bool hidden = rid < scan.fates.size() && scan.fates[rid] != Fate::Visible;
      Node& n = trie.at(trie.add(path, size, hidden ? size : 0, 0, dir ? 0 : 1));
      if (dir) continue;
      n.kind = r.type == FileType::File || r.type == FileType::Hardlink ? 'f' : 'l';
      if (rid < scan.changes.size() && n.mark != 'D') n.mark = mark_of(scan.changes[rid]);
    }
  }
  LayerExplorer out;
  out.row_budget = row_budget;
  auto total_rows = [&](std::uint64_t t) {
    std::size_t rows = 0;
    for (const auto& trie : tries) rows += trie.count(t);
    return rows;
  };
  std::uint64_t t = 0;
  while (total_rows(t) > row_budget && t < (std::uint64_t(1) << 62)) t = t == 0 ? 1 : t * 2;
  out.threshold = t;
  for (std::size_t l = 0; l < tries.size(); ++l) {
    LayerTree tree;
    tree.layer = l;
    tries[l].emit(t, tree.rows);
    out.rows += tree.rows.size();
    out.layers.push_back(std::move(tree));
  }
  return out;
}

nlohmann::json layer_explorer_json(const LayerExplorer& explorer) {
  using nlohmann::json;
  json layers = json::array();
  for (const LayerTree& tree : explorer.layers) {
    json rows = json::array();
    for (const ExplorerRow& r : tree.rows) {
      std::string flags(1, r.kind);
      if (r.mark != ' ') flags += r.mark;
      rows.push_back(json::array({r.depth, r.name, flags, r.bytes, r.hidden, r.removed, r.files}));
    }
    layers.push_back(std::move(rows));
  }
  return {{"threshold", explorer.threshold}, {"row_budget", explorer.row_budget}, {"rows", explorer.rows},
          {"layers", std::move(layers)}};
}

}  // namespace imgslim::analyzers
