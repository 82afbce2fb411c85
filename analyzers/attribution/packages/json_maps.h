// package.json-shaped maps ("dependencies": {"name": "^1.2.0"}) read into
// name -> spec; a spec that is not a string reads as "*".
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace imgslim::analyzers {

inline void read_string_map(const nlohmann::json& j, const char* key, std::map<std::string, std::string>& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return;
  for (auto& [name, spec] : it->items()) out[name] = spec.is_string() ? spec.get<std::string>() : std::string("*");
}

}  // namespace imgslim::analyzers
