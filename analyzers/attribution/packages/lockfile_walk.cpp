// The reachability walk over a parsed lockfile (see lockfile.h).
#include <deque>

#include "analyzers/attribution/packages/lockfile.h"

namespace imgslim::analyzers {
namespace {

// npm: node's resolution over lockfile install paths: from "a/node_modules/b"
// look in "a/node_modules/b/node_modules/x", "a/node_modules/x", "node_modules/x".
std::optional<std::size_t> resolve_npm(const std::map<std::string, std::size_t>& by_path, const std::string& from,
                                       const std::string& name) {
  std::string dir = from;
  while (true) {
    std::string cand = dir.empty() ? "node_modules/" + name : dir + "/node_modules/" + name;
    if (auto it = by_path.find(cand); it != by_path.end()) return it->second;
    if (dir.empty()) return std::nullopt;
    auto pos = dir.rfind("node_modules/");
    if (pos == std::string::npos || pos == 0) dir.clear();
    else dir = dir.substr(0, pos - 1);
  }
}

}  // namespace

std::vector<LockReach> walk_lockfile(const Lockfile& lock) {
  const std::size_t n = lock.packages.size();
  std::vector<LockReach> reach(n, LockReach::Unreached);
  const bool npm = lock.kind == LockfileKind::NpmV1 || lock.kind == LockfileKind::NpmV2 || lock.kind == LockfileKind::NpmV3;
  std::map<std::string, std::size_t> by_path;
  if (npm)
    for (std::size_t i = 0; i < n; ++i) by_path[lock.packages[i].path] = i;

  auto resolve = [&](const std::string& from, const std::string& name, const std::string& spec) -> std::optional<std::size_t> {
    if (npm) {
      auto r = resolve_npm(by_path, from, name);
      // Follow workspace links to the linked package entry.
      for (int hops = 0; r && !lock.packages[*r].link_target.empty() && hops < 8; ++hops) {
        auto t = by_path.find(lock.packages[*r].link_target);
        if (t == by_path.end()) break;
        r = t->second;
      }
      return r;
    }
    for (const std::string& k : {name + "@" + spec, name + "@npm:" + spec, spec, "/" + name + "@" + spec,
                                 "/" + name + "/" + spec, name + "@" + spec.substr(0, spec.find('('))}) {
      if (auto it = lock.index.find(k); it != lock.index.end()) return it->second;
    }
    return std::nullopt;
  };

  for (LockReach pass : {LockReach::Prod, LockReach::DevOnly}) {
    std::deque<std::size_t> queue;
    auto visit = [&](std::optional<std::size_t> r) {
      if (!r || reach[*r] != LockReach::Unreached) return;
      reach[*r] = pass;
      queue.push_back(*r);
    };
    for (const LockImporter& imp : lock.importers) {
      const auto& edges = pass == LockReach::Prod ? imp.dependencies : imp.dev_dependencies;
      for (auto& [name, spec] : edges) visit(resolve(imp.path, name, spec));
    }
    while (!queue.empty()) {
      std::size_t i = queue.front();
      queue.pop_front();
      const LockedPackage& p = lock.packages[i];
      const std::string& from = p.path;
      for (auto* edges : {&p.dependencies, &p.optional_dependencies, &p.peer_dependencies})
        for (auto& [name, spec] : *edges) visit(resolve(from, name, spec));
    }
  }
  return reach;
}

}  // namespace imgslim::analyzers
