#include "compose/model/merge.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "support/error.h"

namespace imgslim::compose {
namespace {

const std::set<std::string_view> kReplaced = {"command", "entrypoint"};
const std::set<std::string_view> kListOrMap = {"environment", "labels", "sysctls", "annotations", "extra_hosts"};
const std::set<std::string_view> kUniqueStrings = {"dns", "dns_opt", "dns_search", "env_file", "tmpfs",
                                                    "cap_add", "cap_drop", "security_opt", "profiles",
                                                    "expose", "external_links", "group_add", "devices"};
const std::set<std::string_view> kUniqueByTarget = {"volumes", "secrets", "configs"};

void to_map(Value& v, const Environment* env, char sep) {
  if (!v.is_seq()) return;
  Value m = Value::make_map(v.where);
  m.key_where = v.key_where;
  m.tag = v.tag;
  for (auto& item : v.seq) {
    std::string s = item.text();
    auto eq = s.find(sep);
    if (eq == std::string::npos) {
      Value val;
      val.where = item.where;
      val.key_where = item.where;
      if (env) {
        auto it = env->find(s);
        if (it != env->end()) val = Value::make_scalar(it->second, item.where);
      }
      m.set(s, std::move(val)).key_where = item.where;
    } else {
      m.set(s.substr(0, eq), Value::make_scalar(s.substr(eq + 1), item.where)).key_where = item.where;
    }
  }
  v = std::move(m);
}

void to_seq(Value& v) {
  if (!v.is_scalar()) return;
  Value s;
  s.kind = Value::Kind::Seq;
  s.where = v.where;
  s.key_where = v.key_where;
  s.tag = v.tag;
  Value item = v;
  item.tag.clear();
  s.seq.push_back(std::move(item));
  v = std::move(s);
}

// "src:/target:ro", "/target", or {target: ...}.
std::string volume_target(const Value& v) {
  if (v.is_map()) {
    if (auto* t = v.find("target")) return t->text();
    return "";
  }
  std::string s = v.text();
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == ':') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  // Windows drive letters are not a concern on Linux hosts.
  if (parts.size() == 1) return parts[0];
  return parts[1];
}

std::string secret_target(const Value& v) {
  if (v.is_map()) {
    if (auto* t = v.find("target")) return t->text();
    if (auto* s = v.find("source")) return s->text();
  }
  return v.text();
}

// {ip, target, published, protocol} for "[[ip:]published:]target[/proto]" or the long form.
std::string port_key(const Value& v) {
  if (v.is_map()) {
    auto field = [&](std::string_view k, std::string dflt) {
      const Value* f = v.find(k);
      return f ? f->text() : dflt;
    };
    return field("host_ip", "") + "|" + field("target", "") + "|" + field("published", "") + "|" +
           field("protocol", "tcp");
  }
  std::string s = v.text();
  std::string proto = "tcp";
  if (auto slash = s.rfind('/'); slash != std::string::npos) {
    proto = s.substr(slash + 1);
    s = s.substr(0, slash);
  }
  std::string ip, published, target = s;
  if (auto c = s.rfind(':'); c != std::string::npos) {
    target = s.substr(c + 1);
    std::string head = s.substr(0, c);
    if (auto c2 = head.rfind(':'); c2 != std::string::npos) {
      ip = head.substr(0, c2);
      published = head.substr(c2 + 1);
    } else {
      published = head;
    }
  }
  return ip + "|" + target + "|" + published + "|" + proto;
}

void merge_keyed_seq(Value& base, const Value& over, std::string (*key)(const Value&)) {
  for (const auto& item : over.seq) {
    std::string k = key(item);
    auto it = std::find_if(base.seq.begin(), base.seq.end(), [&](const Value& b) { return key(b) == k; });
    if (it != base.seq.end()) *it = item;
    else base.seq.push_back(item);
  }
}

void merge_unique_strings(Value& base, const Value& over) {
  for (const auto& item : over.seq) {
    bool dup = std::any_of(base.seq.begin(), base.seq.end(),
                           [&](const Value& b) { return b.is_scalar() && item.is_scalar() && b.scalar == item.scalar; });
    if (!dup) base.seq.push_back(item);
  }
}

void merge_generic(Value& base, const Value& over);

void merge_attribute(std::string_view name, Value& base, const Value& over) {
  if (over.tag == "!reset") {
    base = over;  // removed by drop_reset_values
    return;
  }
  if (over.tag == "!override" || kReplaced.count(name) || base.kind != over.kind) {
    base = over;
    base.tag.clear();
    return;
  }
  if (base.is_seq()) {
    if (kUniqueByTarget.count(name)) {
      merge_keyed_seq(base, over, name == "volumes" ? &volume_target : &secret_target);
    } else if (name == "ports") {
      merge_keyed_seq(base, over, &port_key);
    } else if (kUniqueStrings.count(name)) {
      merge_unique_strings(base, over);
    } else {
      for (const auto& item : over.seq) base.seq.push_back(item);
    }
    return;
  }
  if (base.is_map()) {
    // compose-go: a logging block with another driver replaces the whole
    // block (the old driver's options do not apply to the new one).
    if (name == "logging") {
      const Value* a = base.find("driver");
      const Value* b = over.find("driver");
      if (a && b && a->text() != b->text()) {
        base = over;
        return;
      }
    }
    if (name == "healthcheck") {
      for (const auto& [k, v] : over.map) {
        if (k == "test") base.set(k, v);
        else if (auto* b = base.find(k)) merge_attribute(k, *b, v);
        else base.set(k, v);
      }
      return;
    }
    merge_generic(base, over);
    return;
  }
  base = over;
}

void merge_generic(Value& base, const Value& over) {
  for (const auto& [k, v] : over.map) {
    if (Value* b = base.find(k)) merge_attribute(k, *b, v);
    else base.set(k, v);
  }
}

}  // namespace

void normalize_service(Value& service, const Environment& env) {
  if (!service.is_map()) return;
  for (auto& [k, v] : service.map) {
    if (k == "environment") {
      to_map(v, &env, '=');
      // `KEY:` without a value takes the variable from the environment, as a bare `- KEY` does.
      if (v.is_map())
        for (auto& [name, val] : v.map)
          if (val.is_null())
            if (auto it = env.find(name); it != env.end()) {
              Location w = val.where, kw = val.key_where;
              val = Value::make_scalar(it->second, w);
              val.key_where = kw;
            }
    }
    else if (k == "labels" || k == "sysctls" || k == "annotations") to_map(v, nullptr, '=');
    else if (k == "extra_hosts") to_map(v, nullptr, ':');
    else if (kUniqueStrings.count(k)) to_seq(v);
    else if (k == "depends_on" && v.is_seq()) {
      Value m = Value::make_map(v.where);
      m.key_where = v.key_where;
      for (auto& item : v.seq) {
        Value cond = Value::make_map(item.where);
        cond.set("condition", Value::make_scalar("service_started", item.where));
        m.set(item.text(), std::move(cond)).key_where = item.where;
      }
      v = std::move(m);
    } else if (k == "build" && v.is_map()) {
      if (auto* args = v.find("args")) to_map(*args, nullptr, '=');
    } else if (k == "build" && v.is_scalar()) {
      Value m = Value::make_map(v.where);
      m.key_where = v.key_where;
      m.set("context", Value::make_scalar(v.scalar, v.where));
      v = std::move(m);
    }
  }
}

void merge_service(Value& base, const Value& over) {
  if (!base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  for (const auto& [k, v] : over.map) {
    if (Value* b = base.find(k)) merge_attribute(k, *b, v);
    else base.set(k, v);
  }
}

void merge_document(Value& base, const Value& over) {
  if (!over.is_map()) return;
  if (!base.is_map()) {
    base = over;
    return;
  }
  for (const auto& [k, v] : over.map) {
    Value* b = base.find(k);
    if (!b) {
      base.set(k, v);
      continue;
    }
    if (k == "services" && b->is_map() && v.is_map()) {
      for (const auto& [name, svc] : v.map) {
        if (Value* existing = b->find(name)) {
          if (svc.tag == "!reset" || svc.tag == "!override") *existing = svc;
          else merge_service(*existing, svc);
        } else {
          b->set(name, svc);
        }
      }
    } else {
      merge_attribute(k, *b, v);
    }
  }
}

void set_default_values(Value& services) {
  if (!services.is_map()) return;
  for (auto& [name, svc] : services.map)
    if (Value* build = svc.find("build"); build && build->is_map() && !build->find("context"))
      build->set("context", Value::make_scalar(".", build->where));
}

void drop_reset_values(Value& node) {
  if (node.is_map()) {
    for (auto it = node.map.begin(); it != node.map.end();) {
      if (it->second.tag == "!reset") {
        it = node.map.erase(it);
      } else {
        drop_reset_values(it->second);
        ++it;
      }
    }
  } else if (node.is_seq()) {
    for (auto it = node.seq.begin(); it != node.seq.end();) {
      if (it->tag == "!reset") {
        it = node.seq.erase(it);
      } else {
        drop_reset_values(*it);
        ++it;
      }
    }
  }
}

}  // namespace imgslim::compose
