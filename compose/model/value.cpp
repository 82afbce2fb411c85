#include "compose/model/value.h"

#include <cctype>
#include <cstdlib>

namespace imgslim::compose {
namespace {

bool all_of_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '_') continue;
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : std::isxdigit(static_cast<unsigned char>(c)) ? (std::tolower(c) - 'a' + 10) : 99;
    if (d >= base) return false;
  }
  return true;
}

// YAML 1.2 core schema (what Compose's YAML reader resolves), plus the
// sign and `_` separators it also accepts.
std::string plain_type(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return "null";
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") return "boolean";
  std::string_view d = s;
  if (d.front() == '+' || d.front() == '-') d.remove_prefix(1);
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) return all_of_digits(d.substr(2), 16) ? "integer" : "string";
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'o' || d[1] == 'O')) return all_of_digits(d.substr(2), 8) ? "integer" : "string";
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'b' || d[1] == 'B')) return all_of_digits(d.substr(2), 2) ? "integer" : "string";
  if (all_of_digits(d, 10) && std::isdigit(static_cast<unsigned char>(d.front()))) return "integer";
  if (d == ".inf" || d == ".Inf" || d == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") return "number";
  std::string text(d);
  if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.')) {
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    if (end && *end == '\0' && text.find_first_of("xXpPnN") == std::string::npos) return "number";
  }
  return "string";
}

}  // namespace

std::string yaml_type(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Map: return "object";
    case Value::Kind::Seq: return "array";
    case Value::Kind::Scalar: return v.plain ? plain_type(v.scalar) : "string";
  }
  return "string";
}

std::string Location::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const Value* Value::find(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

const Value* Value::at(std::initializer_list<std::string_view> path) const {
  const Value* node = this;
  for (auto key : path) {
    node = node->find(key);
    if (!node) return nullptr;
  }
  return node;
}

Value& Value::set(const std::string& key, Value value) {
  if (kind != Kind::Map) {
    kind = Kind::Map;
    map.clear();
  }
  for (auto& [k, v] : map)
    if (k == key) return v = std::move(value);
  map.emplace_back(key, std::move(value));
  return map.back().second;
}

void Value::erase(std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first == key) {
      map.erase(it);
      return;
    }
}

std::string Value::text(std::string fallback) const {
  return kind == Kind::Scalar ? scalar : fallback;
}

Value Value::make_scalar(std::string text, Location where) {
  Value v;
  v.kind = Kind::Scalar;
  v.scalar = std::move(text);
  v.where = std::move(where);
  v.key_where = v.where;
  return v;
}

Value Value::make_map(Location where) {
  Value v;
  v.kind = Kind::Map;
  v.where = std::move(where);
  v.key_where = v.where;
  return v;
}

Location locate(const Value& root, std::initializer_list<std::string_view> path) {
  const Value* node = &root;
  Location best = root.key_where.line ? root.key_where : root.where;
  for (auto key : path) {
    node = node->find(key);
    if (!node) break;
    best = node->key_where.line ? node->key_where : node->where;
  }
  return best;
}

}  // namespace imgslim::compose
