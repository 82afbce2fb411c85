// analyzers/attribution/packages/ — package metadata read from captured files: dpkg/apk databases,
// package.json, npm/yarn/pnpm lockfiles, the npm dependency graph.
// May include: analyzers/scan/, support/.
//
// One model for the three JavaScript lockfile families (npm package-lock v1,
// v2, v3; yarn classic and berry; pnpm-lock.yaml) and the walk that decides
// which locked packages only development needs: start at the importers'
// (root project, workspaces) production edges, follow every package's
// dependencies / optionalDependencies / required peers; whatever is reached
// only from devDependencies is dev-only. The `dev` flags a lockfile records
// are kept for comparison but not trusted.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/attribution/packages/package_json.h"

namespace imgslim::analyzers {

enum class LockfileKind { NpmV1, NpmV2, NpmV3, YarnClassic, YarnBerry, Pnpm };
std::string_view lockfile_kind_name(LockfileKind kind);

struct LockedPackage {
  std::string key;      // npm: install path; yarn: first descriptor; pnpm: package key
  std::string name;
  std::string version;
  std::string path;     // npm: "node_modules/a/node_modules/b"; empty otherwise
  std::map<std::string, std::string> dependencies;           // name -> spec / locked version
  std::map<std::string, std::string> optional_dependencies;
  std::map<std::string, std::string> peer_dependencies;      // required peers only
  std::string link_target;  // npm "link": true entries / workspace links
  bool recorded_dev = false, recorded_optional = false, recorded_dev_optional = false;
};

// A project in the lockfile (root "" or a workspace path) with its edges.
struct LockImporter {
  std::string path;
  std::map<std::string, std::string> dependencies;  // prod edges incl. optional + peers
  std::map<std::string, std::string> dev_dependencies;
};

struct Lockfile {
  LockfileKind kind = LockfileKind::NpmV3;
  std::vector<LockImporter> importers;
  std::vector<LockedPackage> packages;
  // Descriptor ("name@range", yarn) or key (pnpm) -> package index.
  std::map<std::string, std::size_t> index;
};

// Parsers; `input` names the file in errors. yarn classic and pnpm store no
// root edges for single projects (yarn) — pass the root manifest so the
// importers can be completed from it.
Lockfile parse_package_lock(std::string_view text, const std::string& input);
Lockfile parse_yarn_lock(std::string_view text, const std::string& input);
Lockfile parse_pnpm_lock(std::string_view text, const std::string& input);
// Picks the parser by file name (package-lock.json, npm-shrinkwrap.json,
// yarn.lock, pnpm-lock.yaml).
Lockfile parse_lockfile(std::string_view file_name, std::string_view text, const std::string& input);

// Adds the root manifest's edges to the root importer where the lockfile
// does not record them (yarn, npm v1).
void complete_root_importer(Lockfile& lock, const PackageManifest& root);

enum class LockReach : std::uint8_t { Unreached, Prod, DevOnly };
// Per package (same order as lock.packages).
std::vector<LockReach> walk_lockfile(const Lockfile& lock);

}  // namespace imgslim::analyzers
