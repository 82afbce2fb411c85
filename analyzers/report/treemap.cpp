#include "analyzers/report/treemap.h"

#include <algorithm>
#include <map>
#include <memory>

namespace imgslim::analyzers {

namespace {

struct Agg {
  std::uint64_t bytes = 0;
  std::map<std::string, std::uint64_t> by_category;
  std::map<std::string, std::unique_ptr<Agg>> children;
};

std::string dominant(const Agg& a) {
  std::string best = "os";
  std::uint64_t most = 0;
  for (const auto& [cat, b] : a.by_category)
    if (b > most) {
      most = b;
      best = cat;
    }
  return best;
}

TreemapNode convert(const std::string& name, const Agg& a, std::size_t max_children) {
  TreemapNode n{name, a.bytes, dominant(a), {}};
  std::vector<std::pair<std::string, const Agg*>> kids;
  for (const auto& [k, v] : a.children)
    if (v->bytes > 0) kids.push_back({k, v.get()});
  std::stable_sort(kids.begin(), kids.end(), [](auto& x, auto& y) { return x.second->bytes > y.second->bytes; });
  Agg rest;
  std::size_t folded = 0;
  for (std::size_t i = 0; i < kids.size(); ++i) {
    if (i < max_children) {
      n.children.push_back(convert(kids[i].first, *kids[i].second, max_children));
      continue;
    }
    rest.bytes += kids[i].second->bytes;
    for (const auto& [cat, b] : kids[i].second->by_category) rest.by_category[cat] += b;
    ++folded;
  }
  if (folded) n.children.push_back({"(" + std::to_string(folded) + " more)", rest.bytes, dominant(rest), {}});
  return n;
}

}  // namespace

TreemapNode build_treemap(const ImageScan& scan, const CategoryOf& category_of, std::size_t max_depth,
                          std::size_t max_children) {
  Agg root;
  for (const auto& node : scan.tree.nodes()) {
    if (node.record == kImplicitDir) continue;
    const FileRecord& r = scan.records[node.record];
    if (r.is_dir() || r.size <= 0) continue;
    std::string cat = category_of ? category_of(node.record) : "os";
    std::uint64_t size = static_cast<std::uint64_t>(r.size);
    std::string_view path = scan.paths.str(node.path);
    Agg* cur = &root;
    cur->bytes += size;
    cur->by_category[cat] += size;
    std::size_t depth = 0, start = 0;
    while (depth < max_depth && start < path.size()) {
      std::size_t slash = path.find('/', start);
      std::string part(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      auto& child = cur->children[part];
      if (!child) child = std::make_unique<Agg>();
      cur = child.get();
      cur->bytes += size;
      cur->by_category[cat] += size;
      ++depth;
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  return convert("", root, max_children);
}

}  // namespace imgslim::analyzers
