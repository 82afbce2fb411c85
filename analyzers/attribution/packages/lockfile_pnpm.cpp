// pnpm-lock.yaml: v5 ("/name/1.0.0" keys, scalar versions), v6
// ("/name@1.0.0", {specifier, version} importer entries) and v9
// ("name@1.0.0" keys, edges under `snapshots`).
#include <yaml-cpp/yaml.h>

#include "analyzers/attribution/packages/lockfile.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

// "/@scope/name/1.0.0_peer" (v5), "/@scope/name@1.0.0(peer)" (v6), "name@1.0.0" (v9).
std::pair<std::string, std::string> split_key(std::string key) {
  if (!key.empty() && key.front() == '/') key.erase(0, 1);
  if (key.empty()) return {};
  std::size_t scope_end = key.front() == '@' ? key.find('/') + 1 : 0;
  if (scope_end == 0 && key.front() == '@') return {key, ""};
  auto at = key.find('@', std::max<std::size_t>(scope_end, 1));
  auto slash = key.find('/', scope_end);
  std::string name, version;
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    name = key.substr(0, at);
    version = key.substr(at + 1);
  } else if (slash != std::string::npos) {
    name = key.substr(0, slash);
    version = key.substr(slash + 1);
    if (auto u = version.find('_'); u != std::string::npos) version.erase(u);
  } else {
    name = key;
  }
  if (auto p = version.find('('); p != std::string::npos) version.erase(p);
  return {name, version};
}

std::string scalar_or_version(const YAML::Node& v) {
  if (v.IsScalar()) return v.as<std::string>();
  if (v.IsMap() && v["version"]) return v["version"].as<std::string>();
  return {};
}

void read_edges(const YAML::Node& n, std::map<std::string, std::string>& out) {
  if (!n || !n.IsMap()) return;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string v = scalar_or_version(it->second);
    if (v.starts_with("link:")) continue;
    out[it->first.as<std::string>()] = v;
  }
}

LockImporter read_importer(const std::string& path, const YAML::Node& n) {
  LockImporter imp;
  imp.path = path;
  read_edges(n["dependencies"], imp.dependencies);
  read_edges(n["optionalDependencies"], imp.dependencies);
  read_edges(n["devDependencies"], imp.dev_dependencies);
  return imp;
}

LockedPackage read_package(const std::string& key, const YAML::Node& e) {
  LockedPackage p;
  p.key = key;
  auto [name, version] = split_key(key);
  p.name = e["name"] ? e["name"].as<std::string>() : name;
  p.version = e["version"] ? e["version"].as<std::string>() : version;
  read_edges(e["dependencies"], p.dependencies);
  read_edges(e["optionalDependencies"], p.optional_dependencies);
  if (e["dev"] && e["dev"].IsScalar()) p.recorded_dev = e["dev"].as<bool>();
  if (e["optional"] && e["optional"].IsScalar()) p.recorded_optional = e["optional"].as<bool>();
  return p;
}

}  // namespace

Lockfile parse_pnpm_lock(std::string_view text, const std::string& input) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(input, std::string("not valid YAML: ") + e.what());
  }
  if (!root.IsMap() || !root["lockfileVersion"]) throw Error(input, "not a pnpm lockfile (no lockfileVersion)");
  Lockfile lock;
  lock.kind = LockfileKind::Pnpm;
  try {
    if (auto imps = root["importers"]; imps && imps.IsMap()) {
      for (auto it = imps.begin(); it != imps.end(); ++it) {
        std::string path = it->first.as<std::string>();
        lock.importers.push_back(read_importer(path == "." ? std::string() : path, it->second));
      }
    } else {
      lock.importers.push_back(read_importer("", root));
    }
    // v9 keeps the edges in `snapshots` (keys with peer suffixes); older
    // versions keep them in `packages`.
    YAML::Node source = root["snapshots"] && root["snapshots"].IsMap() ? root["snapshots"] : root["packages"];
    if (source && source.IsMap()) {
      for (auto it = source.begin(); it != source.end(); ++it) {
        std::string key = it->first.as<std::string>();
        lock.packages.push_back(read_package(key, it->second.IsMap() ? it->second : YAML::Node(YAML::NodeType::Map)));
        lock.index.emplace(key, lock.packages.size() - 1);
      }
    }
  } catch (const YAML::Exception& e) {
    throw Error(input, std::string("unexpected pnpm lockfile structure: ") + e.what());
  }
  return lock;
}

}  // namespace imgslim::analyzers
