// The parts of a package.json that decide what gets installed and why:
// name, version, the four dependency maps, peer metadata, workspaces and
// bundled dependencies.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::analyzers {

struct PackageManifest {
  std::string name;
  std::string version;
  std::map<std::string, std::string> dependencies;
  std::map<std::string, std::string> optional_dependencies;
  std::map<std::string, std::string> peer_dependencies;
  std::set<std::string> optional_peers;  // peerDependenciesMeta.<name>.optional
  std::map<std::string, std::string> dev_dependencies;
  std::vector<std::string> workspaces;   // glob patterns ("packages/*")
  std::vector<std::string> bundled;      // bundleDependencies / bundledDependencies
  bool has_build_script = false;         // scripts.build / prepare / tsc-ish build
};

// Parses package.json text; `input` names it in errors (imgslim::Error).
PackageManifest parse_package_json(std::string_view text, const std::string& input);

}  // namespace imgslim::analyzers
