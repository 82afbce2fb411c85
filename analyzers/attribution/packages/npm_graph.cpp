#include "support/path_join.h"
#include "analyzers/attribution/packages/npm_graph.h"

#include <deque>

#include "analyzers/scan/path_table.h"
#include "support/glob.h"

namespace imgslim::analyzers {
namespace {

constexpr std::string_view kNm = "node_modules/";

bool inside_node_modules(std::string_view dir) {
  return dir.starts_with("node_modules/") || dir.find("/node_modules/") != std::string_view::npos ||
         dir == "node_modules" || dir.ends_with("/node_modules");
}

}  // namespace

std::string_view npm_package_dir(std::string_view path) {
  std::size_t end = path.size();
  while (true) {
    std::size_t pos = path.rfind(kNm, end);
    if (pos == std::string_view::npos) return {};
    if (pos != 0 && path[pos - 1] != '/') {
      if (pos == 0) return {};
      end = pos - 1;
      continue;
    }
    std::string_view rest = path.substr(pos + kNm.size());
    std::size_t name_len = std::string_view::npos;
    if (!rest.empty() && rest.front() != '.') {
      std::size_t slash = rest.find('/');
      if (rest.front() == '@' && slash != std::string_view::npos) slash = rest.find('/', slash + 1);
      // The package directory itself, or a file/dir below it.
      if (rest.front() != '@' || rest.find('/') != std::string_view::npos) name_len = slash == std::string_view::npos ? rest.size() : slash;
    }
    if (name_len != std::string_view::npos && name_len > 0) return path.substr(0, pos + kNm.size() + name_len);
    if (pos == 0) return {};
    end = pos - 1;
  }
}

std::size_t NpmGraph::add_package(std::string_view dir) {
  auto it = by_dir_.find(std::string(dir));
  if (it != by_dir_.end()) return it->second;
  nodes_.push_back(NpmPackageNode{std::string(dir), std::nullopt, NpmReach::Unreached, {}});
  by_dir_.emplace(std::string(dir), nodes_.size() - 1);
  return nodes_.size() - 1;
}

void NpmGraph::set_manifest(std::string_view dir, PackageManifest manifest) {
  nodes_[add_package(dir)].manifest = std::move(manifest);
}

void NpmGraph::add_project(std::string dir, PackageManifest manifest, bool install_root) {
  if (install_root) install_roots_.insert(dir);
  projects_[std::move(dir)] = std::move(manifest);
}

void NpmGraph::add_symlink(std::string path, std::string target) { symlinks_[std::move(path)] = std::move(target); }

std::optional<std::size_t> NpmGraph::find(std::string_view dir) const {
  auto it = by_dir_.find(std::string(dir));
  if (it == by_dir_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> NpmGraph::lookup(std::string path) const {
  for (int hops = 0; hops < 16; ++hops) {
    if (auto it = by_dir_.find(path); it != by_dir_.end()) return it->second;
    auto link = symlinks_.find(path);
    if (link == symlinks_.end()) {
      // A symlinked parent (a scope directory, a linked workspace folder).
      std::string_view p = path;
      bool replaced = false;
      for (std::string_view parent = parent_path(p); !parent.empty(); parent = parent_path(parent)) {
        if (auto l = symlinks_.find(std::string(parent)); l != symlinks_.end()) {
          path = join_path(l->second, p.substr(parent.size() + 1));
          replaced = true;
          break;
        }
      }
      if (!replaced) return std::nullopt;
      continue;
    }
    path = link->second;
  }
  return std::nullopt;
}

std::optional<std::size_t> NpmGraph::resolve(std::string_view from_dir, const std::string& name) const {
  std::string_view dir = from_dir;
  while (true) {
    if (!(dir == "node_modules" || dir.ends_with("/node_modules")))
      if (auto r = lookup(join_path(dir, std::string(kNm) + name))) return r;
    if (dir.empty()) return std::nullopt;
    dir = parent_path(dir);
  }
}

void NpmGraph::walk_from(const std::string& root, const std::vector<std::string>& members, NpmReach pass) {
  {
    std::deque<std::size_t> queue;
    auto reach = [&](std::optional<std::size_t> r) {
      if (!r || nodes_[*r].reach != NpmReach::Unreached) return;
      nodes_[*r].reach = pass;
      nodes_[*r].project = root;
      queue.push_back(*r);
    };
    for (const std::string& m : members) {
      const PackageManifest& man = projects_.at(m);
      if (pass == NpmReach::Prod) {
        for (auto* edges : {&man.dependencies, &man.optional_dependencies})
          for (auto& [name, spec] : *edges) reach(resolve(m, name));
        for (auto& [name, spec] : man.peer_dependencies)
          if (!man.optional_peers.count(name)) reach(resolve(m, name));
      } else {
        for (auto& [name, spec] : man.dev_dependencies) reach(resolve(m, name));
      }
    }
    while (!queue.empty()) {
      std::size_t i = queue.front();
      queue.pop_front();
      if (!nodes_[i].manifest) continue;
      const PackageManifest& man = *nodes_[i].manifest;
      std::string from = nodes_[i].dir;
      for (auto* edges : {&man.dependencies, &man.optional_dependencies})
        for (auto& [name, spec] : *edges) reach(resolve(from, name));
      for (auto& [name, spec] : man.peer_dependencies)
        if (!man.optional_peers.count(name)) reach(resolve(from, name));
    }
  }
}

void NpmGraph::walk() {
  // Workspaces: directories matched by a project's "workspaces" globs.
  std::map<std::string, std::string> owner;  // workspace dir -> root dir
  for (auto& [dir, man] : projects_) {
    for (auto& pattern : man.workspaces) {
      std::string full = join_path(dir, clean_path(pattern));
      for (auto& [other, m] : projects_)
        if (other != dir && glob_match(full, other)) owner.emplace(other, dir);
    }
  }
  roots_.clear();
  std::vector<std::vector<std::string>> groups;
  for (auto& [dir, man] : projects_) {
    if (owner.count(dir) || inside_node_modules(dir) || !install_roots_.count(dir)) continue;
    std::vector<std::string> members{dir};
    for (auto& [ws, root] : owner)
      if (root == dir) members.push_back(ws);
    roots_.push_back(dir);
    groups.push_back(std::move(members));
  }
  // Production edges of every project first: a package one project needs at
  // run time is never dev-only because another project also lists it as dev.
  for (NpmReach pass : {NpmReach::Prod, NpmReach::Dev})
    for (std::size_t i = 0; i < roots_.size(); ++i) walk_from(roots_[i], groups[i], pass);
}

}  // namespace imgslim::analyzers
