// The installed node_modules trees of an image as a dependency graph, and the
// walk that tells production packages from dev-only ones: resolution follows
// node's algorithm over the image's real paths (nested node_modules, hoisting,
// pnpm's .pnpm store and symlinks, workspace links), edges come from each
// installed package's own package.json (dependencies, optionalDependencies,
// required peers), roots from the project manifests (and their workspaces).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzers/attribution/packages/package_json.h"

namespace imgslim::analyzers {

enum class NpmReach : std::uint8_t { Unreached, Prod, Dev };

struct NpmPackageNode {
  std::string dir;                          // "app/node_modules/@types/node"
  std::optional<PackageManifest> manifest;  // absent when package.json was not readable
  NpmReach reach = NpmReach::Unreached;
  std::string project;                      // root project dir whose walk reached it first
};

class NpmGraph {
 public:
  // Package directories (from paths) and their manifests.
  std::size_t add_package(std::string_view dir);
  void set_manifest(std::string_view dir, PackageManifest manifest);
  // A project: a directory outside node_modules with a package.json.
  // Install roots (a node_modules directory or a lockfile beside it) are
  // walked; workspaces a root lists are walked with it.
  void add_project(std::string dir, PackageManifest manifest, bool install_root);
  // A symlink in the final tree: `path` -> cleaned target path.
  void add_symlink(std::string path, std::string target);

  // Walks every root project (dependencies first, then devDependencies).
  void walk();

  const std::vector<NpmPackageNode>& packages() const { return nodes_; }
  std::vector<NpmPackageNode>& packages() { return nodes_; }
  std::optional<std::size_t> find(std::string_view dir) const;
  // Project directories that were walked as roots (with their workspaces).
  const std::vector<std::string>& roots() const { return roots_; }
  const std::map<std::string, PackageManifest>& projects() const { return projects_; }

 private:
  std::optional<std::size_t> resolve(std::string_view from_dir, const std::string& name) const;
  std::optional<std::size_t> lookup(std::string path) const;
  void walk_from(const std::string& root, const std::vector<std::string>& members, NpmReach pass);

  std::vector<NpmPackageNode> nodes_;
  std::unordered_map<std::string, std::size_t> by_dir_;
  std::unordered_map<std::string, std::string> symlinks_;
  std::map<std::string, PackageManifest> projects_;
  std::vector<std::string> roots_;
  std::set<std::string> install_roots_;
};

// The installed package a path belongs to: "a/node_modules/b/lib/x.js" ->
// "a/node_modules/b"; scoped names keep both parts; ".bin", ".pnpm" and
// other dot entries belong to the enclosing package (or to none).
// Empty when the path is not inside a package directory.
std::string_view npm_package_dir(std::string_view path);

}  // namespace imgslim::analyzers
