#include "analyzers/metrics/dive_tree.h"

#include <algorithm>
#include <cstring>

namespace imgslim::analyzers::dive {

namespace {

constexpr Tree::NodeId kTombstone = 0xfffffffeu;

template <typename F>
void for_each_component(std::string_view path, F&& f) {
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    bool last = j == path.size();
    if (!part.empty() && !f(part, last)) return;
    i = j + 1;
  }
}

std::size_t hash_of(Tree::NodeId parent, std::string_view name) {
  return std::hash<std::string_view>{}(name) ^ (std::size_t(parent) * 0x9E3779B97F4A7C15ull);
}

}  // namespace

std::string_view Tree::NameArena::add(std::string_view name) {
  if (name.empty()) return {};
  if (used_ + name.size() > size_) {
    size_ = std::max<std::size_t>(64 * 1024, name.size());
    chunks_.push_back(std::make_unique<char[]>(size_));
    used_ = 0;
  }
  char* at = chunks_.back().get() + used_;
  std::memcpy(at, name.data(), name.size());
  used_ += name.size();
  return {at, name.size()};
}

Tree::Tree() : names_(std::make_shared<NameArena>()) {
  nodes_.emplace_back();
  slots_.assign(16, kNone);
}

void Tree::reserve(std::size_t nodes) {
  nodes_.reserve(nodes + 1);
  std::size_t want = 16;
  while (want < 2 * (nodes + 1)) want *= 2;
  if (want > slots_.size()) {
    slots_.assign(want, kNone);
    used_slots_ = 0;
    for (NodeId id = 1; id < nodes_.size(); ++id)
      if (!nodes_[id].removed) index(id);
  }
}

Tree Tree::copy_of(const Tree& other, std::size_t nodes) {
  Tree t;
  t.names_ = other.names_;
  t.nodes_.reserve(std::max(nodes, other.nodes_.size()) + 1);
  t.nodes_.assign(other.nodes_.begin(), other.nodes_.end());
  t.slots_.clear();
  t.reserve(nodes);
  if (t.slots_.size() < other.slots_.size()) {
    t.slots_ = other.slots_;
    t.used_slots_ = other.used_slots_;
  }
  return t;
}

std::size_t Tree::slot_of(NodeId parent, std::string_view name) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash_of(parent, name) & mask;; s = (s + 1) & mask) {
    const NodeId id = slots_[s];
    if (id == kNone) return s;
    if (id != kTombstone && nodes_[id].parent == parent && nodes_[id].name == name) return s;
  }
}

Tree::NodeId Tree::child(NodeId parent, std::string_view name) const {
  return slots_[slot_of(parent, name)];  // the match, or kNone
}

void Tree::index(NodeId id) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t s = hash_of(nodes_[id].parent, nodes_[id].name) & mask;
  while (slots_[s] != kNone) s = (s + 1) & mask;
  slots_[s] = id;
  ++used_slots_;
}

void Tree::grow_index() {
  slots_.assign(slots_.size() * 2, kNone);
  used_slots_ = 0;
  for (NodeId id = 1; id < nodes_.size(); ++id)
    if (!nodes_[id].removed) index(id);
}

Tree::NodeId Tree::add_child(NodeId parent, std::string_view name) {
  if (2 * (used_slots_ + 1) > slots_.size()) grow_index();
  auto id = static_cast<NodeId>(nodes_.size());
  Node node;
  node.name = names_->add(name);
  node.parent = parent;
  node.next_sibling = nodes_[parent].first_child;
  nodes_.push_back(node);
  nodes_[parent].first_child = id;
  ++nodes_[parent].live_children;
  index(id);
  return id;
}

void Tree::add_path(std::string_view path, const Info& info) {
  NodeId node = kRoot;
  for_each_component(path, [&](std::string_view name, bool last) {
    const NodeId found = child(node, name);
    if (found != kNone) {
      node = found;
    } else {
      if (name.starts_with(".wh..wh..")) return false;  // never added
      node = add_child(node, name);
    }
    if (last) nodes_[node].info = info;
    return true;
  });
}

Tree::NodeId Tree::get(std::string_view path) const {
  NodeId node = kRoot;
  for_each_component(path, [&](std::string_view name, bool) {
    node = child(node, name);
    return node != kNone;
  });
  return node;
}

bool Tree::remove_path(std::string_view path) {
  NodeId node = get(path);
  if (node == kNone || node == kRoot) return false;
  // Its subtree stays in the arrays, unreachable: lookups go through live parents.
  slots_[slot_of(nodes_[node].parent, nodes_[node].name)] = kTombstone;
  nodes_[node].removed = true;
  --nodes_[nodes_[node].parent].live_children;
  return true;
}

std::string Tree::path(NodeId n) const {
  std::vector<std::string_view> parts;
  for (NodeId cur = n; cur != kRoot && cur != kNone; cur = nodes_[cur].parent) {
    std::string_view name = nodes_[cur].name;
    if (cur == n && name.starts_with(".wh.")) name.remove_prefix(4);
    parts.push_back(name);
  }
  std::string out = "/";
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (out.size() > 1) out += '/';
    out += *it;
  }
  // dive collapses "//" (an empty name after the prefix is removed).
  std::string::size_type pos;
  while ((pos = out.find("//")) != std::string::npos) out.erase(pos, 1);
  return out;
}

std::vector<Tree::NodeId> Tree::sorted_children(NodeId n) const {
  std::vector<NodeId> kids;
  kids.reserve(nodes_[n].live_children);
  for (NodeId c = nodes_[n].first_child; c != kNone; c = nodes_[c].next_sibling)
    if (!nodes_[c].removed) kids.push_back(c);
  std::sort(kids.begin(), kids.end(), [&](NodeId a, NodeId b) { return nodes_[a].name < nodes_[b].name; });
  return kids;
}

bool Tree::visit_child_first(NodeId from, const std::function<bool(NodeId)>& visit) const {
  if (nodes_[from].live_children > 0)
    for (NodeId c : sorted_children(from))
      if (!visit_child_first(c, visit)) return false;
  if (from == kRoot) return true;
  return visit(from);
}

std::int64_t Tree::subtree_size(NodeId n) const {
  std::int64_t sum = 0;
  visit_child_first(n, [&](NodeId c) {
    sum += nodes_[c].info.size;
    return true;
  });
  return sum;
}

void Tree::stack(const Tree& upper) {
  upper.visit_child_first(kRoot, [&](NodeId n) {
    if (upper.is_whiteout(n)) remove_path(upper.path(n));
    else add_path(upper.path(n), upper.info(n));
    return true;
  });
}

}  // namespace imgslim::analyzers::dive
