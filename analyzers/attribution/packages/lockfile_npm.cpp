// package-lock.json / npm-shrinkwrap.json: v1 (nested "dependencies"),
// v2 (both forms; "packages" wins) and v3 ("packages" only).
#include <nlohmann/json.hpp>

#include "analyzers/attribution/packages/lockfile.h"
#include "analyzers/attribution/packages/json_maps.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

using nlohmann::json;

std::string name_from_path(const std::string& path) {
  auto pos = path.rfind("node_modules/");
  return pos == std::string::npos ? std::string() : path.substr(pos + 13);
}

bool flag(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

void read_packages(const json& pkgs, Lockfile& lock) {
  for (auto& [path, entry] : pkgs.items()) {
    if (!entry.is_object()) continue;
    bool is_importer = path.empty() || (path.find("node_modules/") == std::string::npos && !flag(entry, "link"));
    if (is_importer) {
      LockImporter imp;
      imp.path = path;
      read_string_map(entry, "dependencies", imp.dependencies);
      read_string_map(entry, "optionalDependencies", imp.dependencies);
      std::map<std::string, std::string> peers;
      read_string_map(entry, "peerDependencies", peers);
      std::set<std::string> optional_peers;
      if (auto m = entry.find("peerDependenciesMeta"); m != entry.end() && m->is_object())
        for (auto& [n, meta] : m->items())
          if (meta.is_object() && meta.value("optional", false)) optional_peers.insert(n);
      for (auto& [n, s] : peers)
        if (!optional_peers.count(n)) imp.dependencies.emplace(n, s);
      read_string_map(entry, "devDependencies", imp.dev_dependencies);
      lock.importers.push_back(std::move(imp));
      // A workspace is also a package others can depend on (through its link).
      if (path.empty()) continue;
    }
    LockedPackage p;
    p.key = path;
    p.path = path;
    p.name = entry.contains("name") && entry["name"].is_string() ? entry["name"].get<std::string>() : name_from_path(path);
    if (auto v = entry.find("version"); v != entry.end() && v->is_string()) p.version = v->get<std::string>();
    read_string_map(entry, "dependencies", p.dependencies);
    read_string_map(entry, "optionalDependencies", p.optional_dependencies);
    std::map<std::string, std::string> peers;
    read_string_map(entry, "peerDependencies", peers);
    std::set<std::string> optional_peers;
    if (auto m = entry.find("peerDependenciesMeta"); m != entry.end() && m->is_object())
      for (auto& [n, meta] : m->items())
        if (meta.is_object() && meta.value("optional", false)) optional_peers.insert(n);
    for (auto& [n, s] : peers)
      if (!optional_peers.count(n)) p.peer_dependencies.emplace(n, s);
    if (flag(entry, "link"))
      if (auto r = entry.find("resolved"); r != entry.end() && r->is_string()) p.link_target = r->get<std::string>();
    p.recorded_dev = flag(entry, "dev");
    p.recorded_optional = flag(entry, "optional");
    p.recorded_dev_optional = flag(entry, "devOptional");
    lock.packages.push_back(std::move(p));
  }
}

// v1: {"dependencies": {name: {version, dev, optional, requires, dependencies}}}
void read_v1(const json& deps, const std::string& prefix, Lockfile& lock) {
  for (auto& [name, entry] : deps.items()) {
    if (!entry.is_object()) continue;
    LockedPackage p;
    p.path = prefix.empty() ? "node_modules/" + name : prefix + "/node_modules/" + name;
    p.key = p.path;
    p.name = name;
    if (auto v = entry.find("version"); v != entry.end() && v->is_string()) p.version = v->get<std::string>();
    // "requires" lists every edge (prod and optional) by range.
    read_string_map(entry, "requires", p.dependencies);
    p.recorded_dev = flag(entry, "dev");
    p.recorded_optional = flag(entry, "optional");
    if (p.version.starts_with("file:") && !p.version.ends_with(".tgz")) p.link_target = p.version.substr(5);
    std::string path = p.path;
    lock.packages.push_back(std::move(p));
    if (auto nested = entry.find("dependencies"); nested != entry.end() && nested->is_object()) read_v1(*nested, path, lock);
  }
}

}  // namespace

Lockfile parse_package_lock(std::string_view text, const std::string& input) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error(input, "not valid JSON");
  if (!j.is_object()) throw Error(input, "lockfile is not a JSON object");
  int version = 1;
  if (auto v = j.find("lockfileVersion"); v != j.end()) {
    if (!v->is_number_integer()) throw Error(input, "lockfileVersion is not a number");
    version = v->get<int>();
  }
  if (version < 1 || version > 3) throw Error(input, "unsupported lockfileVersion " + std::to_string(version));
  Lockfile lock;
  lock.kind = version == 1 ? LockfileKind::NpmV1 : version == 2 ? LockfileKind::NpmV2 : LockfileKind::NpmV3;
  auto pkgs = j.find("packages");
  if (version >= 2 && pkgs != j.end() && pkgs->is_object()) {
    read_packages(*pkgs, lock);
  } else if (auto deps = j.find("dependencies"); deps != j.end() && deps->is_object()) {
    read_v1(*deps, "", lock);
    lock.importers.push_back(LockImporter{});  // root edges come from package.json
  } else if (version >= 2) {
    throw Error(input, "lockfile v" + std::to_string(version) + " has no \"packages\" object");
  } else {
    lock.importers.push_back(LockImporter{});
  }
  for (std::size_t i = 0; i < lock.packages.size(); ++i) lock.index.emplace(lock.packages[i].key, i);
  return lock;
}

void complete_root_importer(Lockfile& lock, const PackageManifest& root) {
  LockImporter* imp = nullptr;
  for (auto& i : lock.importers)
    if (i.path.empty() || i.path == ".") imp = &i;
  if (!imp) {
    lock.importers.push_back(LockImporter{});
    imp = &lock.importers.back();
  }
  for (auto* m : {&root.dependencies, &root.optional_dependencies}) imp->dependencies.insert(m->begin(), m->end());
  for (auto& [n, s] : root.peer_dependencies)
    if (!root.optional_peers.count(n)) imp->dependencies.emplace(n, s);
  imp->dev_dependencies.insert(root.dev_dependencies.begin(), root.dev_dependencies.end());
}

Lockfile parse_lockfile(std::string_view file_name, std::string_view text, const std::string& input) {
  if (file_name == "package-lock.json" || file_name == "npm-shrinkwrap.json" || file_name == ".package-lock.json")
    return parse_package_lock(text, input);
  if (file_name == "yarn.lock") return parse_yarn_lock(text, input);
  if (file_name == "pnpm-lock.yaml") return parse_pnpm_lock(text, input);
  throw Error(input, "not a known lockfile name");
}

std::string_view lockfile_kind_name(LockfileKind kind) {
  switch (kind) {
    case LockfileKind::NpmV1: return "npm-v1";
    case LockfileKind::NpmV2: return "npm-v2";
    case LockfileKind::NpmV3: return "npm-v3";
    case LockfileKind::YarnClassic: return "yarn-classic";
    case LockfileKind::YarnBerry: return "yarn-berry";
    case LockfileKind::Pnpm: return "pnpm";
  }
  return "unknown";
}

}  // namespace imgslim::analyzers
