// Typed access to JSON fields with errors that name the document and the
// field (internal to oci/; includes nlohmann/json, so only for .cpp files).
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::oci::json {

using nlohmann::json;

// Parses `text` (at most limits::max_json_bytes()) into an object; `name` names
// the document in errors.
json parse_object(std::string_view text, const std::string& name);
// The same for any JSON value (manifest.json is an array).
json parse_value(std::string_view text, const std::string& name);

// Each getter: a missing or null field yields the default; a field of the
// wrong type is an error naming `name` and `key`.
std::string get_string(const json& obj, const char* key, const std::string& name);
std::int64_t get_int(const json& obj, const char* key, const std::string& name, std::int64_t fallback = 0);
bool get_bool(const json& obj, const char* key, const std::string& name);
// An array of strings; a single string is accepted as a one-element array
// (as Docker does for Cmd/Entrypoint).
std::vector<std::string> get_strings(const json& obj, const char* key, const std::string& name);
std::map<std::string, std::string> get_string_map(const json& obj, const char* key, const std::string& name);
// The keys of an object field ({"80/tcp": {}} -> ["80/tcp"]).
std::vector<std::string> get_keys(const json& obj, const char* key, const std::string& name);
// An object or array field; nullptr when missing/null.
const json* get_object(const json& obj, const char* key, const std::string& name);
const json* get_array(const json& obj, const char* key, const std::string& name);

}  // namespace imgslim::oci::json
