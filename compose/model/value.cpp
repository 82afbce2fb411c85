#include "compose/model/value.h"

namespace imgslim::compose {

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
