#include "compose/model/config_view.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "compose/model/service.h"
#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson bytes_at(const Value* v) {
  if (!v || v->is_null()) return nullptr;
  auto b = parse_memory(v->text());
  if (!b) throw Error(v->where.str(), "invalid memory size \"" + v->text() + "\"");
  return std::to_string(*b);
}

OrderedJson number_at(const Value* v) {
  if (!v || v->is_null()) return nullptr;
  auto c = parse_cpus(v->text());
  if (!c) throw Error(v->where.str(), "invalid number \"" + v->text() + "\"");
  if (std::floor(*c) == *c && std::fabs(*c) < 1e15) return static_cast<std::int64_t>(*c);
  return *c;
}

OrderedJson json_duration_at(const Value* v) {
  if (!v || v->is_null()) return nullptr;
  auto d = parse_duration_seconds(v->text());
  if (!d) throw Error(v->where.str(), "invalid duration \"" + v->text() + "\"");
  return go_duration(*d);
}

OrderedJson bool_at(const Value* v) {
  if (!v || v->is_null()) return nullptr;
  const std::string t = v->text();
  return t == "true" || t == "True" || t == "TRUE";
}

void put(OrderedJson& j, const char* key, OrderedJson value) {
  if (!value.is_null()) j[key] = std::move(value);
}

OrderedJson resources(const Value* block) {
  OrderedJson r = OrderedJson::object();
  if (!block) return r;
  put(r, "cpus", number_at(block->find("cpus")));
  put(r, "memory", bytes_at(block->find("memory")));
  put(r, "pids", number_at(block->find("pids")));
  return r;
}

OrderedJson service_view(const Service& s, const Value& raw) {
  OrderedJson j = OrderedJson::object();
  if (!s.image.empty()) j["image"] = s.image;
  if (const Value* b = raw.find("build"); b && b->is_map()) {
    OrderedJson build = OrderedJson::object();
    if (const Value* c = b->find("context")) build["context"] = c->text();
    if (const Value* d = b->find("dockerfile")) build["dockerfile"] = d->text();
    if (const Value* t = b->find("target")) build["target"] = t->text();
    j["build"] = build;
  }
  if (raw.find("entrypoint") && !raw.find("entrypoint")->is_null()) j["entrypoint"] = s.entrypoint;
  if (raw.find("command") && !raw.find("command")->is_null()) j["command"] = s.command;
  if (const Value* env = raw.find("environment"); env && env->is_map() && !env->map.empty()) {
    OrderedJson e = OrderedJson::object();
    for (const auto& [k, v] : env->map) e[k] = v.is_null() ? OrderedJson(nullptr) : OrderedJson(v.text());
    j["environment"] = e;
  }
  if (const Value* ef = raw.find("env_file"); ef && ef->is_seq()) {
    OrderedJson files = OrderedJson::array();
    for (const auto& f : ef->seq) {
      OrderedJson entry = OrderedJson::object();
      const Value* p = f.is_map() ? f.find("path") : &f;
      entry["path"] = p ? p->text() : "";
      const Value* req = f.is_map() ? f.find("required") : nullptr;
      entry["required"] = req ? !(req->text() == "false" || req->text() == "False") : true;
      if (const Value* fmt = f.is_map() ? f.find("format") : nullptr) entry["format"] = fmt->text();
      files.push_back(entry);
    }
    j["env_file"] = files;
  }
  put(j, "mem_limit", bytes_at(raw.find("mem_limit")));
  put(j, "mem_reservation", bytes_at(raw.find("mem_reservation")));
  if (s.memswap_limit) j["memswap_limit"] = *s.memswap_limit == -1 ? "-1" : std::to_string(*s.memswap_limit);
  put(j, "cpus", number_at(raw.find("cpus")));
  put(j, "pids_limit", number_at(raw.find("pids_limit")));
  if (const Value* res = raw.at({"deploy", "resources"})) {
    OrderedJson r = OrderedJson::object();
    if (res->find("limits")) r["limits"] = resources(res->find("limits"));
    if (res->find("reservations")) r["reservations"] = resources(res->find("reservations"));
    j["deploy"]["resources"] = r;
  }
  if (const Value* rp = raw.at({"deploy", "restart_policy"}); rp && rp->is_map()) {
    OrderedJson p = OrderedJson::object();
    if (const Value* c = rp->find("condition")) p["condition"] = c->text();
    put(p, "max_attempts", number_at(rp->find("max_attempts")));
    j["deploy"]["restart_policy"] = p;
  }
  if (!s.ulimits.empty()) {
    OrderedJson u = OrderedJson::object();
    for (const auto& [name, lim] : s.ulimits) {
      if (lim.soft == lim.hard && raw.at({"ulimits", name}) && raw.at({"ulimits", name})->is_scalar())
        u[name] = lim.soft ? OrderedJson(*lim.soft) : OrderedJson(nullptr);
      else
        u[name] = {{"soft", lim.soft ? OrderedJson(*lim.soft) : OrderedJson(nullptr)}, {"hard", lim.hard ? OrderedJson(*lim.hard) : OrderedJson(nullptr)}};
    }
    j["ulimits"] = u;
  }
  if (const Value* hc = raw.find("healthcheck"); hc && hc->is_map()) {
    OrderedJson h = OrderedJson::object();
    if (const Value* t = hc->find("test")) {
      if (t->is_scalar()) h["test"] = OrderedJson::array({"CMD-SHELL", t->scalar});
      else h["test"] = s.healthcheck.test;
    }
    put(h, "interval", json_duration_at(hc->find("interval")));
    put(h, "timeout", json_duration_at(hc->find("timeout")));
    put(h, "retries", number_at(hc->find("retries")));
    put(h, "start_period", json_duration_at(hc->find("start_period")));
    put(h, "start_interval", json_duration_at(hc->find("start_interval")));
    put(h, "disable", bool_at(hc->find("disable")));
    j["healthcheck"] = h;
  }
  if (const Value* dep = raw.find("depends_on"); dep && dep->is_map()) {
    OrderedJson d = OrderedJson::object();
    for (const auto& [name, spec] : dep->map) {
      OrderedJson e = OrderedJson::object();
      e["condition"] = spec.find("condition") ? spec.find("condition")->text() : "service_started";
      put(e, "restart", bool_at(spec.find("restart")));
      e["required"] = spec.find("required") ? bool_at(spec.find("required")) : OrderedJson(true);
      d[name] = e;
    }
    j["depends_on"] = d;
  }
  if (!s.restart.empty() && raw.find("restart")) j["restart"] = s.restart;
  if (const Value* lg = raw.find("logging"); lg && lg->is_map()) {
    OrderedJson l = OrderedJson::object();
    if (!s.logging_driver.empty()) l["driver"] = s.logging_driver;
    if (!s.logging_options.empty()) l["options"] = s.logging_options;
    j["logging"] = l;
  }
  if (!s.mounts.empty()) {
    OrderedJson vols = OrderedJson::array();
    for (const auto& m : s.mounts) {
      OrderedJson v = OrderedJson::object();
      v["type"] = m.type;
      if (!m.source.empty()) v["source"] = m.source;
      v["target"] = m.target;
      if (m.read_only) v["read_only"] = true;
      vols.push_back(v);
    }
    j["volumes"] = vols;
  }
  return j;
}

// Whether `s` reads back as the same string when written unquoted.
bool plain_safe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  Value probe = Value::make_scalar(s);
  probe.plain = true;
  if (yaml_type(probe) != "string") return false;
  if (std::string("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string::npos &&
      !(s.front() == '-' && s.size() > 1 && s[1] != ' '))
    return false;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || std::string(",[]{}\"'").find(c) != std::string::npos) return false;
  // YAML 1.1 readers take these for booleans.
  static const char* words[] = {"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"};
  for (const char* w : words)
    if (s == w) return false;
  return true;
}

std::string yaml_scalar(const OrderedJson& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    return plain_safe(s) ? s : OrderedJson(s).dump();
  }
  return v.dump();
}

void emit_yaml(const OrderedJson& v, int indent, std::string& out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    for (const auto& [k, item] : v.items()) {
      out += pad + (plain_safe(k) ? k : OrderedJson(k).dump()) + ":";
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        out += "\n";
        emit_yaml(item, indent + 2, out);
      } else {
        out += " " + (item.is_object() ? std::string("{}") : item.is_array() ? std::string("[]") : yaml_scalar(item)) + "\n";
      }
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_object() && !item.empty()) {
        std::string nested;
        emit_yaml(item, indent + 2, nested);
        out += pad + "- " + nested.substr(indent + 2);
      } else if (item.is_array() && !item.empty()) {
        out += pad + "-\n";
        emit_yaml(item, indent + 2, out);
      } else {
        out += pad + "- " + yaml_scalar(item) + "\n";
      }
    }
  }
}

}  // namespace

std::string go_duration(double seconds) {
  if (seconds == 0) return "0s";
  char buf[64];
  if (seconds < 1) {
    const double ms = seconds * 1000;
    if (ms >= 1) std::snprintf(buf, sizeof buf, "%gms", ms);
    else std::snprintf(buf, sizeof buf, "%gµs", ms * 1000);
    return buf;
  }
  std::string out;
  const auto whole_hours = static_cast<long long>(seconds / 3600);
  double rest = seconds - static_cast<double>(whole_hours) * 3600;
  const auto whole_minutes = static_cast<long long>(rest / 60);
  rest -= static_cast<double>(whole_minutes) * 60;
  if (whole_hours) out += std::to_string(whole_hours) + "h";
  if (whole_hours || whole_minutes) out += std::to_string(whole_minutes) + "m";
  std::snprintf(buf, sizeof buf, "%.9g", rest);
  return out + buf + "s";
}

std::string render_config(const Project& project, const std::string& format) {
  OrderedJson root = OrderedJson::object();
  root["name"] = project.name;
  OrderedJson services = OrderedJson::object();
  const Value* raw = project.services();
  for (const auto& s : read_services(project)) services[s.name] = service_view(s, *raw->find(s.name));
  root["services"] = services;
  if (format == "json") return root.dump(2) + "\n";
  std::string out;
  emit_yaml(root, 0, out);
  return out;
}

}  // namespace imgslim::compose
