// dive's per-layer file tree (filetree.FileTree) with its exact semantics:
// implicit parents are non-directories of size 0, a later entry replaces a
// node's data but keeps its children, ".wh..wh.*" names are never added,
// whiteout nodes keep their ".wh." name. Internal to dive_metrics.cpp.
//
// Compact for images with millions of entries (about 60 bytes a node): names
// live in a shared arena, children are a sibling list, and (parent, name)
// lookups go through one open-addressing table per tree.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
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
  // Room for `nodes` nodes without regrowing.
  void reserve(std::size_t nodes);
  std::size_t node_count() const { return nodes_.size(); }
  // A copy of `other` with room for `nodes` nodes (no regrowth while stacking onto it).
  static Tree copy_of(const Tree& other, std::size_t nodes);
  // dive's AddPath: `path` relative ("a/b/c").
  void add_path(std::string_view path, const Info& info);
  // dive's RemovePath; false when the path does not exist.
  bool remove_path(std::string_view path);
  NodeId get(std::string_view path) const;  // kNone when absent
  // Stacks `upper` onto this tree (dive's FileTree.Stack).
  void stack(const Tree& upper);

  const Info& info(NodeId n) const { return nodes_[n].info; }
  std::string_view name(NodeId n) const { return nodes_[n].name; }
  bool is_leaf(NodeId n) const { return nodes_[n].live_children == 0; }
  bool is_whiteout(NodeId n) const { return nodes_[n].name.starts_with(".wh."); }
  // dive's Path(): "/a/b", the ".wh." prefix of the node's own name removed.
  std::string path(NodeId n) const;
  // Depth-first, children (sorted by name) before their parent; the root is
  // never visited. The visitor returns false to stop the whole walk.
  bool visit_child_first(NodeId from, const std::function<bool(NodeId)>& visit) const;
  // Sum of info.size over `n` and everything below it.
  std::int64_t subtree_size(NodeId n) const;

 private:
  // Names are appended, never changed: a copy of a tree shares its arena
  // with the original (both stay valid). Not synchronised: one thread per
  // tree and its copies at a time.
  class NameArena {
   public:
    std::string_view add(std::string_view name);

   private:
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t used_ = 0, size_ = 0;
  };
  struct Node {
    std::string_view name;
    Info info;
    NodeId parent = kNone;
    NodeId first_child = kNone;  // newest first; removed nodes stay linked, marked
    NodeId next_sibling = kNone;
    std::uint32_t live_children = 0;
    bool removed = false;
  };

  NodeId child(NodeId parent, std::string_view name) const;
  NodeId add_child(NodeId parent, std::string_view name);
  void index(NodeId id);
  void grow_index();
  std::size_t slot_of(NodeId parent, std::string_view name) const;
  std::vector<NodeId> sorted_children(NodeId n) const;

  std::vector<Node> nodes_;
  std::vector<NodeId> slots_;  // open addressing over (parent, name); kNone empty
  std::size_t used_slots_ = 0;  // live entries and tombstones
  std::shared_ptr<NameArena> names_;
};

}  // namespace imgslim::analyzers::dive
