#include "compose/model/json_schema.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

namespace imgslim::compose {

using json = nlohmann::json;

std::string SchemaViolation::str() const {
  const std::string subject = path.empty() ? "(root)" : path;
  if (problem.rfind("must ", 0) == 0 || problem.rfind("does ", 0) == 0) return subject + " " + problem;
  return subject + ": " + problem;
}

namespace {

std::string article(const std::string& type) {
  if (type == "null") return "null";
  if (type == "object") return "a mapping";
  if (type == "array") return "a list";
  if (type == "integer") return "an integer";
  return "a " + type;
}

std::string join_types(const std::set<std::string>& types) {
  std::string out;
  std::size_t i = 0;
  for (const auto& t : types) {
    if (i) out += i + 1 == types.size() ? " or " : ", ";
    out += article(t);
    ++i;
  }
  return out;
}

bool type_matches(const std::string& want, const std::string& have) {
  return want == have || (want == "number" && have == "integer");
}

std::optional<double> number_of(const Value& v) {
  const std::string t = yaml_type(v);
  if (t != "integer" && t != "number") return std::nullopt;
  std::string s;
  for (char c : v.scalar)
    if (c != '_') s += c;
  char* end = nullptr;
  double d = (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b'))
                 ? static_cast<double>(std::strtoll(s.c_str() + 2, &end, s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2))
                 : std::strtod(s.c_str(), &end);
  return d;
}

// A canonical text for uniqueItems and enum/const comparisons.
std::string canonical(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Scalar: {
      const std::string t = yaml_type(v);
      if (t == "string") return json(v.scalar).dump();
      if (t == "boolean") return (v.scalar[0] == 't' || v.scalar[0] == 'T') ? "true" : "false";
      if (auto n = number_of(v)) return json(*n).dump();
      return json(v.scalar).dump();
    }
    case Value::Kind::Seq: {
      std::string out = "[";
      for (const auto& i : v.seq) out += canonical(i) + ",";
      return out + "]";
    }
    case Value::Kind::Map: {
      std::map<std::string, std::string> sorted;
      for (const auto& [k, i] : v.map) sorted[k] = canonical(i);
      std::string out = "{";
      for (const auto& [k, i] : sorted) out += json(k).dump() + ":" + i + ",";
      return out + "}";
    }
  }
  return "";
}

std::string canonical(const json& j) {
  if (j.is_number()) return json(j.get<double>()).dump();
  return j.dump();
}

struct Failure {
  SchemaViolation v;
  bool type_only = false;  // the node's own type did not match (no deeper reason)
  std::set<std::string> types;  // with type_only: the types that would have matched
};

}  // namespace

struct JsonSchema::Impl {
  json root;
  mutable std::map<std::string, std::regex> regexes;

  const json& resolve(const json& s) const {
    const json* node = &s;
    for (int hops = 0; node->is_object() && node->contains("$ref") && hops < 64; ++hops) {
      const std::string ref = (*node)["$ref"].get<std::string>();
      if (ref.rfind("#/", 0) != 0) throw std::invalid_argument("unsupported $ref " + ref);
      const json* target = &root;
      std::size_t pos = 2;
      while (pos <= ref.size()) {
        std::size_t slash = ref.find('/', pos);
        if (slash == std::string::npos) slash = ref.size();
        target = &target->at(ref.substr(pos, slash - pos));
        pos = slash + 1;
      }
      node = target;
    }
    return *node;
  }

  const std::regex& regex(const std::string& pattern) const {
    auto it = regexes.find(pattern);
    if (it == regexes.end()) it = regexes.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
  }

  // The patterns the Compose schema uses most are decided without
  // std::regex, whose matcher recurses per character (a hostile 100 kB key
  // would exhaust the stack); other patterns only see text of sane length.
  bool matches(const std::string& pattern, const std::string& text) const {
    auto all_of = [&](const char* extra) {
      for (char c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr(extra, c)) return false;
      return true;
    };
    if (pattern == "^x-") return text.rfind("x-", 0) == 0;
    if (pattern == "^.+$" || pattern == ".+")
      return !text.empty() && (pattern == ".+" || text.find('\n') == std::string::npos);
    if (pattern == "^[a-zA-Z0-9._-]+$") return !text.empty() && all_of("._-");
    if (pattern == "^[a-z]+$") {
      if (text.empty()) return false;
      for (char c : text)
        if (c < 'a' || c > 'z') return false;
      return true;
    }
    if (text.size() > 4096) return false;
    return std::regex_search(text, regex(pattern));
  }

  void types_of(const json& schema, std::set<std::string>& out) const {
    const json& s = resolve(schema);
    if (!s.is_object()) return;
    if (s.contains("type")) {
      if (s["type"].is_string()) out.insert(s["type"].get<std::string>());
      else
        for (const auto& t : s["type"]) out.insert(t.get<std::string>());
    }
    for (const char* k : {"oneOf", "anyOf"})
      if (s.contains(k))
        for (const auto& b : s[k]) types_of(b, out);
  }

  static std::string child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::optional<Failure> check(const json& schema, const Value& v, const std::string& path) const {
    const json& s = resolve(schema);
    if (s.is_boolean()) {
      if (s.get<bool>()) return std::nullopt;
      return Failure{{v.where, path, "is not allowed"}, false, {}};
    }
    if (!s.is_object()) return std::nullopt;
    const std::string have = yaml_type(v);
    if (s.contains("type")) {
      std::set<std::string> want;
      types_of(json{{"type", s["type"]}}, want);
      bool ok = false;
      for (const auto& t : want) ok |= type_matches(t, have);
      // compose-go casts interpolated values of typed fields (a boolean
      // `required: ${REQ}`) before it validates: read the text as YAML would.
      if (!ok && v.interpolated) {
        Value probe = v;
        probe.plain = true;
        for (const auto& t : want) ok |= type_matches(t, yaml_type(probe));
      }
      if (!ok) return Failure{{v.where, path, "must be " + join_types(want) + ", not " + article(have)}, true, want};
    }
    if (s.contains("enum")) {
      bool ok = false;
      std::string choices;
      for (const auto& e : s["enum"]) {
        ok |= canonical(e) == canonical(v);
        choices += (choices.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
      }
      if (!ok) return Failure{{v.where, path, "must be one of: " + choices}, false, {}};
    }
    if (s.contains("const") && canonical(s["const"]) != canonical(v))
      return Failure{{v.where, path, "must be " + s["const"].dump()}, false, {}};
    if (v.is_scalar() && have == "string" && s.contains("pattern") &&
        !matches(s["pattern"].get<std::string>(), v.scalar))
      return Failure{{v.where, path, "does not match the pattern " + s["pattern"].get<std::string>()}, false, {}};
    if (auto n = number_of(v)) {
      if (s.contains("minimum") && *n < s["minimum"].get<double>())
        return Failure{{v.where, path, "must be at least " + s["minimum"].dump()}, false, {}};
      if (s.contains("maximum") && *n > s["maximum"].get<double>())
        return Failure{{v.where, path, "must be at most " + s["maximum"].dump()}, false, {}};
    }
    if (v.is_map()) {
      if (s.contains("required"))
        for (const auto& r : s["required"])
          if (!v.find(r.get<std::string>()))
            return Failure{{v.where, path, "missing required property '" + r.get<std::string>() + "'"}, false, {}};
      for (const auto& [key, item] : v.map) {
        bool matched = false;
        if (s.contains("properties") && s["properties"].contains(key)) {
          matched = true;
          if (auto f = check(s["properties"][key], item, child(path, key))) return f;
        }
        if (s.contains("patternProperties"))
          for (const auto& [pattern, sub] : s["patternProperties"].items())
            if (matches(pattern, key)) {
              matched = true;
              if (auto f = check(sub, item, child(path, key))) return f;
            }
        if (matched || !s.contains("additionalProperties")) continue;
        const json& extra = s["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>())
          return Failure{{item.key_where, path, "additional property '" + key + "' is not allowed"}, false, {}};
        if (auto f = check(extra, item, child(path, key))) return f;
      }
    }
    if (v.is_seq()) {
      if (s.contains("items"))
        for (std::size_t i = 0; i < v.seq.size(); ++i)
          if (auto f = check(s["items"], v.seq[i], path + "[" + std::to_string(i) + "]")) return f;
      if (s.contains("uniqueItems") && s["uniqueItems"].get<bool>()) {
        std::set<std::string> seen;
        for (const auto& item : v.seq)
          if (!seen.insert(canonical(item)).second)
            return Failure{{item.where, path, "must not list the same item twice (" + canonical(item) + ")"}, false, {}};
      }
    }
    if (s.contains("allOf"))
      for (const auto& b : s["allOf"])
        if (auto f = check(b, v, path)) return f;
    for (const char* k : {"oneOf", "anyOf"}) {
      if (!s.contains(k)) continue;
      std::vector<Failure> failures;
      for (const auto& b : s[k]) {
        auto f = check(b, v, path);
        if (!f) break;
        failures.push_back(std::move(*f));
      }
      if (failures.size() < s[k].size()) continue;  // a branch matched
      bool all_type = true;
      std::set<std::string> want;
      for (const auto& f : failures) {
        all_type &= f.type_only && f.v.path == path;
        want.insert(f.types.begin(), f.types.end());
      }
      if (all_type || failures.empty())
        return Failure{{v.where, path, "must be " + join_types(want) + ", not " + article(have)}, true, want};
      const Failure* best = nullptr;
      for (const auto& f : failures)
        if (!(f.type_only && f.v.path == path) && (!best || f.v.path.size() > best->v.path.size())) best = &f;
      return *best;
    }
    return std::nullopt;
  }
};

JsonSchema::JsonSchema(const std::string& schema_json) : impl_(std::make_unique<Impl>()) {
  impl_->root = json::parse(schema_json, nullptr, false);
  if (!impl_->root.is_object()) throw std::invalid_argument("a JSON schema must be an object");
}

JsonSchema::~JsonSchema() = default;

std::optional<SchemaViolation> JsonSchema::validate(const Value& value) const {
  if (auto f = impl_->check(impl_->root, value, "")) return f->v;
  return std::nullopt;
}

}  // namespace imgslim::compose
