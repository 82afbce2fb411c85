// yarn.lock: classic (v1, its own indented format) and berry (YAML with a
// __metadata key). Entries are keyed by every descriptor that resolved to
// them ("lodash@^4.17.0", "lodash@npm:^4.17.21").
#include <yaml-cpp/yaml.h>

#include "analyzers/attribution/packages/lockfile.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

std::string unquote(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

std::vector<std::string> split_descriptors(std::string_view key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= key.size()) {
    auto comma = key.find(',', start);
    std::string_view part = key.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::string d = unquote(part);
    if (!d.empty()) out.push_back(d);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// "@scope/name@^1" -> "@scope/name"
std::string descriptor_name(const std::string& d) {
  auto at = d.find('@', 1);
  return at == std::string::npos ? d : d.substr(0, at);
}

// `name "value"` or `"name" value` -> (name, value)
std::pair<std::string, std::string> split_field(std::string_view line) {
  std::size_t i = 0;
  if (!line.empty() && line[0] == '"') {
    auto close = line.find('"', 1);
    if (close == std::string_view::npos) return {unquote(line), ""};
    i = close + 1;
  } else {
    i = line.find(' ');
    if (i == std::string_view::npos) return {unquote(line), ""};
  }
  return {unquote(line.substr(0, i)), unquote(line.substr(i))};
}

Lockfile parse_classic(std::string_view text, const std::string& input) {
  Lockfile lock;
  lock.kind = LockfileKind::YarnClassic;
  LockedPackage* cur = nullptr;
  std::map<std::string, std::string>* section = nullptr;
  std::vector<std::string> descriptors;
  std::size_t line_no = 0;
  auto flush = [&] {
    if (!cur) return;
    std::size_t idx = lock.packages.size() - 1;
    for (auto& d : descriptors) lock.index.emplace(d, idx);
    cur = nullptr;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    std::string_view body = line.substr(indent);
    if (body.empty()) continue;
    if (indent == 0) {
      flush();
      if (body.back() != ':') throw Error(input + ":" + std::to_string(line_no), "expected an entry key ending in ':'");
      descriptors = split_descriptors(body.substr(0, body.size() - 1));
      if (descriptors.empty()) throw Error(input + ":" + std::to_string(line_no), "empty entry key");
      lock.packages.emplace_back();
      cur = &lock.packages.back();
      cur->key = descriptors.front();
      cur->name = descriptor_name(descriptors.front());
      section = nullptr;
    } else if (!cur) {
      throw Error(input + ":" + std::to_string(line_no), "indented line outside an entry");
    } else if (indent == 2) {
      section = nullptr;
      if (body.back() == ':') {
        std::string s = unquote(body.substr(0, body.size() - 1));
        if (s == "dependencies") section = &cur->dependencies;
        else if (s == "optionalDependencies") section = &cur->optional_dependencies;
        continue;
      }
      auto [k, v] = split_field(body);
      if (k == "version") cur->version = v;
    } else if (section) {
      auto [k, v] = split_field(body);
      (*section)[k] = v;
    }
  }
  flush();
  lock.importers.push_back(LockImporter{});  // root edges come from package.json
  return lock;
}

void read_yaml_map(const YAML::Node& n, std::map<std::string, std::string>& out) {
  if (!n || !n.IsMap()) return;
  for (auto it = n.begin(); it != n.end(); ++it)
    out[it->first.as<std::string>()] = it->second.IsScalar() ? it->second.as<std::string>() : std::string("*");
}

Lockfile parse_berry(const YAML::Node& root) {
  Lockfile lock;
  lock.kind = LockfileKind::YarnBerry;
  for (auto it = root.begin(); it != root.end(); ++it) {
    std::string key = it->first.as<std::string>();
    if (key == "__metadata" || !it->second.IsMap()) continue;
    const YAML::Node e = it->second;  // a copy: `it->` yields a temporary proxy
    auto descriptors = split_descriptors(key);
    if (descriptors.empty()) continue;
    LockedPackage p;
    p.key = descriptors.front();
    p.name = descriptor_name(p.key);
    if (e["version"]) p.version = e["version"].as<std::string>();
    read_yaml_map(e["dependencies"], p.dependencies);
    std::map<std::string, std::string> peers;
    read_yaml_map(e["peerDependencies"], peers);
    std::set<std::string> optional_peers;
    if (auto meta = e["peerDependenciesMeta"]; meta && meta.IsMap())
      for (auto m = meta.begin(); m != meta.end(); ++m)
        if (m->second["optional"] && m->second["optional"].as<bool>()) optional_peers.insert(m->first.as<std::string>());
    for (auto& [n, s] : peers)
      if (!optional_peers.count(n)) p.peer_dependencies.emplace(n, s);
    // dependenciesMeta.<name>.optional moves an edge to optionalDependencies.
    if (auto meta = e["dependenciesMeta"]; meta && meta.IsMap())
      for (auto m = meta.begin(); m != meta.end(); ++m)
        if (m->second["optional"] && m->second["optional"].as<bool>()) {
          auto d = p.dependencies.find(m->first.as<std::string>());
          if (d != p.dependencies.end()) {
            p.optional_dependencies.insert(*d);
            p.dependencies.erase(d);
          }
        }
    std::size_t idx = lock.packages.size();
    lock.packages.push_back(std::move(p));
    for (auto& d : descriptors) lock.index.emplace(d, idx);
  }
  lock.importers.push_back(LockImporter{});
  return lock;
}

}  // namespace

Lockfile parse_yarn_lock(std::string_view text, const std::string& input) {
  // Berry files are YAML and carry __metadata; classic files start with a comment banner.
  if (text.find("__metadata:") != std::string_view::npos) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      throw Error(input, std::string("not valid YAML: ") + e.what());
    }
    if (!root.IsMap()) throw Error(input, "yarn berry lockfile is not a YAML mapping");
    try {
      return parse_berry(root);
    } catch (const YAML::Exception& e) {
      throw Error(input, std::string("unexpected yarn berry entry: ") + e.what());
    }
  }
  return parse_classic(text, input);
}

}  // namespace imgslim::analyzers
