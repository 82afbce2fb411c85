#include "analyzers/attribution/packages/package_json.h"

#include <nlohmann/json.hpp>

#include "analyzers/attribution/packages/json_maps.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

using nlohmann::json;

void read_list(const json& j, const char* key, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (it->is_array()) {
    for (auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  } else if (it->is_object()) {
    // workspaces: {"packages": [...]} (yarn's nohoist form)
    auto p = it->find("packages");
    if (p != it->end() && p->is_array())
      for (auto& v : *p)
        if (v.is_string()) out.push_back(v.get<std::string>());
  }
}

}  // namespace

PackageManifest parse_package_json(std::string_view text, const std::string& input) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error(input, "not valid JSON");
  if (!j.is_object()) throw Error(input, "package.json is not a JSON object");
  PackageManifest m;
  if (auto it = j.find("name"); it != j.end() && it->is_string()) m.name = it->get<std::string>();
  if (auto it = j.find("version"); it != j.end() && it->is_string()) m.version = it->get<std::string>();
  read_string_map(j, "dependencies", m.dependencies);
  read_string_map(j, "optionalDependencies", m.optional_dependencies);
  read_string_map(j, "peerDependencies", m.peer_dependencies);
  read_string_map(j, "devDependencies", m.dev_dependencies);
  if (auto it = j.find("peerDependenciesMeta"); it != j.end() && it->is_object())
    for (auto& [name, meta] : it->items())
      if (meta.is_object() && meta.value("optional", false)) m.optional_peers.insert(name);
  read_list(j, "workspaces", m.workspaces);
  read_list(j, "bundleDependencies", m.bundled);
  read_list(j, "bundledDependencies", m.bundled);
  if (auto it = j.find("bundleDependencies"); it != j.end() && it->is_boolean() && it->get<bool>())
    for (auto& [name, spec] : m.dependencies) m.bundled.push_back(name);
  if (auto it = j.find("scripts"); it != j.end() && it->is_object())
    m.has_build_script = it->contains("build") || it->contains("compile") || it->contains("prepare");
  return m;
}

}  // namespace imgslim::analyzers
