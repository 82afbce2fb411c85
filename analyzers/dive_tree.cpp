#include "analyzers/dive_tree.h"

namespace imgslim::analyzers::dive {

namespace {

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

}  // namespace

Tree::Tree() { nodes_.emplace_back(); }

Tree::NodeId Tree::add_child(NodeId parent, std::string_view name) {
  auto id = static_cast<NodeId>(nodes_.size());
  Node node;
  node.name = std::string(name);
  node.parent = parent;
  nodes_.push_back(std::move(node));
  nodes_[parent].children.emplace(std::string(name), id);
  return id;
}

void Tree::add_path(std::string_view path, const Info& info) {
  NodeId node = kRoot;
  for_each_component(path, [&](std::string_view name, bool last) {
    auto it = nodes_[node].children.find(name);
    if (it != nodes_[node].children.end()) {
      node = it->second;
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
  bool found = true;
  for_each_component(path, [&](std::string_view name, bool) {
    auto it = nodes_[node].children.find(name);
    if (it == nodes_[node].children.end()) {
      found = false;
      return false;
    }
    node = it->second;
    return true;
  });
  return found ? node : kNone;
}

bool Tree::remove_path(std::string_view path) {
  NodeId node = get(path);
  if (node == kNone || node == kRoot) return false;
  auto& siblings = nodes_[nodes_[node].parent].children;
  siblings.erase(nodes_[node].name);
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

bool Tree::visit_child_first(NodeId from, const std::function<bool(NodeId)>& visit) const {
  for (const auto& [name, child] : nodes_[from].children)
    if (!visit_child_first(child, visit)) return false;
  if (from == kRoot) return true;
  return visit(from);
}

std::int64_t Tree::subtree_size(NodeId n) const {
  std::int64_t sum = 0;
  visit_child_first(n, [&](NodeId c) {
    sum += nodes_[c].info.size;
    return true;
  });
  if (n == kRoot) return sum;
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
