// A Compose document as a plain tree that remembers where every node came
// from (file, line, column), so findings can point at the line that set a
// value even after several files were merged and interpolated.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imgslim::compose {

struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
  std::string str() const;  // "file:line:col"
};

struct Value {
  enum class Kind { Null, Scalar, Map, Seq };
  struct Entry;  // one mapping entry (key, value), in document order
  Kind kind = Kind::Null;
  std::string scalar;
  std::vector<Entry> map;
  std::vector<Value> seq;
  std::string tag;  // "!reset" / "!override" (Compose merge tags), else empty
  // A plain (unquoted, untagged, not interpolated) scalar: YAML resolves its
  // type from the text (null, true, 42, 1.5); any other scalar is a string.
  bool plain = false;
  bool interpolated = false;  // a plain scalar whose text came from ${...} substitution
  Location where;
  Location key_where;  // where the mapping key naming this value was written

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }

  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Follows a path of mapping keys; nullptr when any step is missing.
  const Value* at(std::initializer_list<std::string_view> path) const;
  // Sets (replacing) or appends a mapping entry.
  Value& set(const std::string& key, Value value);
  void erase(std::string_view key);
  // Scalar text, or `fallback` for anything else.
  std::string text(std::string fallback = "") const;

  static Value make_scalar(std::string text, Location where = {});
  static Value make_map(Location where = {});
};

// Defined after Value is complete: a std::pair<std::string, Value> member of
// Value itself is rejected by clang with libstdc++ (pair of an incomplete type).
struct Value::Entry {
  std::string first;
  Value second;
  Entry(std::string key, Value value) : first(std::move(key)), second(std::move(value)) {}
};

// The location of the deepest existing node along `path` below `root`
// (the key of the last existing step), so a finding about a missing
// `deploy.resources.limits.memory` points at `deploy:` or the service.
// The JSON type YAML gives a node: "null", "boolean", "integer", "number",
// "string", "object" or "array" (the schema's type names).
std::string yaml_type(const Value& v);

Location locate(const Value& root, std::initializer_list<std::string_view> path);

}  // namespace imgslim::compose
