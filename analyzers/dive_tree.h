// dive's per-layer file tree (filetree.FileTree) with its exact semantics:
// implicit parents are non-directories of size 0, a later entry replaces a
// node's data but keeps its children, ".wh..wh.*" names are never added,
// whiteout nodes keep their ".wh." name. Internal to dive_metrics.cpp.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::analyzers::dive {

struct Info {
  bool is_dir = false;
  std::int64_t size = 0;
};

class Tree {
 public:
  using NodeId = std::uint32_t;
  static constexpr NodeId kRoot = 0;
  static constexpr NodeId kNone = 0xffffffffu;

  Tree();
  // dive's AddPath: `path` relative ("a/b/c").
  void add_path(std::string_view path, const Info& info);
  // dive's RemovePath; false when the path does not exist.
  bool remove_path(std::string_view path);
  NodeId get(std::string_view path) const;  // kNone when absent
  // Stacks `upper` onto this tree (dive's FileTree.Stack).
  void stack(const Tree& upper);

  const Info& info(NodeId n) const { return nodes_[n].info; }
  const std::string& name(NodeId n) const { return nodes_[n].name; }
  bool is_leaf(NodeId n) const { return nodes_[n].children.empty(); }
  bool is_whiteout(NodeId n) const { return std::string_view(nodes_[n].name).starts_with(".wh."); }
  // dive's Path(): "/a/b", the ".wh." prefix of the node's own name removed.
  std::string path(NodeId n) const;
  // Depth-first, children (sorted by name) before their parent; the root is
  // never visited. The visitor returns false to stop the whole walk.
  bool visit_child_first(NodeId from, const std::function<bool(NodeId)>& visit) const;
  // Sum of info.size over `n` and everything below it.
  std::int64_t subtree_size(NodeId n) const;

 private:
  struct Node {
    std::string name;
    NodeId parent = kNone;
    Info info;
    std::map<std::string, NodeId, std::less<>> children;
  };
  NodeId add_child(NodeId parent, std::string_view name);
  std::vector<Node> nodes_;
};

}  // namespace imgslim::analyzers::dive
