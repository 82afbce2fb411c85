#include "oci/model/json_fields.h"

#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci::json {

namespace {

const json* field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void wrong_type(const std::string& name, const char* key, const char* want, const json& got) {
  throw Error(name, std::string("field \"") + key + "\" must be " + want + ", not " + got.type_name());
}

}  // namespace

json parse_value(std::string_view text, const std::string& name) {
  if (text.size() > limits::max_json_bytes())
    throw Error(name, "JSON document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                          std::to_string(limits::max_json_bytes()) + " bytes (IMGSLIM_MAX_JSON_BYTES)");
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    std::string what = e.what();
    const auto pos = what.find("] ");
    throw Error(name, "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos + 2)));
  }
}

json parse_object(std::string_view text, const std::string& name) {
  json doc = parse_value(text, name);
  if (!doc.is_object()) throw Error(name, std::string("expected a JSON object, found ") + doc.type_name());
  return doc;
}

std::string get_string(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (!v) return {};
  if (!v->is_string()) wrong_type(name, key, "a string", *v);
  return v->get<std::string>();
}

std::int64_t get_int(const json& obj, const char* key, const std::string& name, std::int64_t fallback) {
  const json* v = field(obj, key);
  if (!v) return fallback;
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > std::uint64_t(INT64_MAX)) throw Error(name, std::string("field \"") + key + "\" is out of range");
    return std::int64_t(u);
  }
  if (!v->is_number_integer()) wrong_type(name, key, "an integer", *v);
  return v->get<std::int64_t>();
}

bool get_bool(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (!v) return false;
  if (!v->is_boolean()) wrong_type(name, key, "true or false", *v);
  return v->get<bool>();
}

std::vector<std::string> get_strings(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (!v) return {};
  if (v->is_string()) return {v->get<std::string>()};
  if (!v->is_array()) wrong_type(name, key, "an array of strings", *v);
  std::vector<std::string> out;
  out.reserve(v->size());
  for (const auto& item : *v) {
    if (!item.is_string()) wrong_type(name, key, "an array of strings", item);
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::map<std::string, std::string> get_string_map(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (!v) return {};
  if (!v->is_object()) wrong_type(name, key, "an object of strings", *v);
  std::map<std::string, std::string> out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it.value().is_string()) wrong_type(name, key, "an object of strings", it.value());
    out.emplace(it.key(), it.value().get<std::string>());
  }
  return out;
}

std::vector<std::string> get_keys(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (!v) return {};
  if (!v->is_object()) wrong_type(name, key, "an object", *v);
  std::vector<std::string> out;
  for (auto it = v->begin(); it != v->end(); ++it) out.push_back(it.key());
  return out;
}

const json* get_object(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (v && !v->is_object()) wrong_type(name, key, "an object", *v);
  return v;
}

const json* get_array(const json& obj, const char* key, const std::string& name) {
  const json* v = field(obj, key);
  if (v && !v->is_array()) wrong_type(name, key, "an array", *v);
  return v;
}

}  // namespace imgslim::oci::json
