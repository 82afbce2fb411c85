#include "compose/model/service.h"

#include <cstdlib>

#include "compose/model/command_line.h"
#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

std::vector<std::string> command_list(const Value* v) {
  if (!v || v->is_null()) return {};
  if (v->is_scalar()) return split_command(v->scalar);
  std::vector<std::string> out;
  for (const auto& item : v->seq) out.push_back(item.text());
  return out;
}

std::optional<std::uint64_t> memory_at(const Value* v) {
  if (!v || v->is_null()) return std::nullopt;
  auto bytes = parse_memory(v->text());
  if (!bytes) throw Error(v->where.str(), "invalid memory size \"" + v->text() + "\"");
  return bytes;
}

std::optional<double> cpus_at(const Value* v) {
  if (!v || v->is_null()) return std::nullopt;
  auto c = parse_cpus(v->text());
  if (!c) throw Error(v->where.str(), "invalid CPU count \"" + v->text() + "\"");
  return c;
}

std::optional<double> duration_at(const Value* v) {
  if (!v || v->is_null()) return std::nullopt;
  auto d = parse_duration_seconds(v->text());
  if (!d) throw Error(v->where.str(), "invalid duration \"" + v->text() + "\"");
  return d;
}

std::optional<std::int64_t> int_at(const Value* v) {
  if (!v || v->is_null()) return std::nullopt;
  const std::string s = v->text();
  char* end = nullptr;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0') throw Error(v->where.str(), "expected an integer, got \"" + s + "\"");
  return n;
}

Mount read_mount(const Value& v, const Project& project) {
  Mount m;
  m.where = v.where;
  if (v.is_map()) {
    m.type = v.find("type") ? v.find("type")->text() : "volume";
    m.source = v.find("source") ? v.find("source")->text() : "";
    m.target = v.find("target") ? v.find("target")->text() : "";
    m.read_only = v.find("read_only") && (v.find("read_only")->text() == "true");
  } else {
    std::string s = v.text();
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == ':') {
        parts.push_back(s.substr(start, i - start));
        start = i + 1;
      }
    if (parts.size() == 1) {
      m.type = "volume";
      m.target = parts[0];
    } else {
      m.source = parts[0];
      m.target = parts[1];
      if (parts.size() > 2)
        for (std::size_t i = 0, b = 0; i <= parts[2].size(); ++i)
          if (i == parts[2].size() || parts[2][i] == ',') {
            if (parts[2].substr(b, i - b) == "ro") m.read_only = true;
            b = i + 1;
          }
      bool path = !m.source.empty() && (m.source[0] == '.' || m.source[0] == '/' || m.source[0] == '~');
      m.type = path ? "bind" : "volume";
    }
  }
  if (m.type == "bind" && !m.source.empty()) {
    if (m.source[0] == '~') {
      const char* home = std::getenv("HOME");
      m.source = std::string(home ? home : "") + m.source.substr(1);
    }
    m.source = project.resolve_path(m.source);
  }
  return m;
}

}  // namespace

std::vector<std::string> split_command(const std::string& text) {
  CommandLine cl = split_command_line(text);
  // A string Compose refuses (a stray parenthesis) has no argv; read the
  // words it would have (the compose-command-string finding says it is refused).
  if (cl.invalid)
    if (CommandLine lenient = split_command_line(text, true); !lenient.invalid) return lenient.argv;
  return cl.argv;
}

Location Service::at(std::initializer_list<std::string_view> path) const { return locate(*raw, path); }

Location Service::env_at(const std::string& key) const {
  if (const Value* env = raw->find("environment")) {
    if (const Value* v = env->find(key)) return v->key_where.line ? v->key_where : v->where;
    return env->key_where;
  }
  return raw->key_where;
}

std::vector<std::string> Service::argv() const {
  std::vector<std::string> out = entrypoint;
  out.insert(out.end(), command.begin(), command.end());
  return out;
}

std::vector<Service> read_services(const Project& project) {
  std::vector<Service> out;
  const Value* services = project.services();
  if (!services) return out;
  for (const auto& [name, v] : services->map) {
    Service s;
    s.name = name;
    s.raw = &v;
    s.image = v.find("image") ? v.find("image")->text() : "";
    s.builds = v.find("build") != nullptr;

    const Value* limits = v.at({"deploy", "resources", "limits"});
    const Value* reservations = v.at({"deploy", "resources", "reservations"});
    s.mem_limit = memory_at(limits ? limits->find("memory") : nullptr);
    if (!s.mem_limit) s.mem_limit = memory_at(v.find("mem_limit"));
    s.mem_reservation = memory_at(reservations ? reservations->find("memory") : nullptr);
    if (!s.mem_reservation) s.mem_reservation = memory_at(v.find("mem_reservation"));
    s.cpus = cpus_at(limits ? limits->find("cpus") : nullptr);
    if (!s.cpus) s.cpus = cpus_at(v.find("cpus"));
    s.cpus_reservation = cpus_at(reservations ? reservations->find("cpus") : nullptr);
    if (const Value* sw = v.find("memswap_limit"); sw && !sw->is_null()) {
      if (sw->text() == "-1") s.memswap_limit = -1;
      else if (auto b = parse_memory(sw->text())) s.memswap_limit = static_cast<std::int64_t>(*b);
      else throw Error(sw->where.str(), "invalid memswap_limit \"" + sw->text() + "\"");
    }
    if (const Value* ul = v.find("ulimits"); ul && ul->is_map()) {
      for (const auto& [k, u] : ul->map) {
        Ulimit lim;
        lim.where = u.key_where;
        if (u.is_map()) {
          lim.soft = int_at(u.find("soft"));
          lim.hard = int_at(u.find("hard"));
        } else {
          lim.soft = lim.hard = int_at(&u);
        }
        s.ulimits[k] = lim;
      }
    }
    if (const Value* env = v.find("environment"); env && env->is_map())
      for (const auto& [k, val] : env->map)
        if (!val.is_null()) s.environment[k] = val.text();
    s.entrypoint = command_list(v.find("entrypoint"));
    s.command = command_list(v.find("command"));

    if (const Value* hc = v.find("healthcheck"); hc && hc->is_map()) {
      s.healthcheck.present = true;
      s.healthcheck.disabled = hc->find("disable") && hc->find("disable")->text() == "true";
      s.healthcheck.test = command_list(hc->find("test"));
      if (!s.healthcheck.test.empty() && s.healthcheck.test[0] == "NONE") s.healthcheck.disabled = true;
      s.healthcheck.interval_s = duration_at(hc->find("interval"));
      s.healthcheck.timeout_s = duration_at(hc->find("timeout"));
      s.healthcheck.start_period_s = duration_at(hc->find("start_period"));
      if (auto r = int_at(hc->find("retries"))) s.healthcheck.retries = static_cast<int>(*r);
    }
    if (const Value* dep = v.find("depends_on"); dep && dep->is_map())
      for (const auto& [k, d] : dep->map) {
        const Value* cond = d.find("condition");
        s.depends_on[k] = cond ? cond->text() : "service_started";
      }
    if (const Value* r = v.find("restart")) s.restart = r->text();
    else if (const Value* rp = v.at({"deploy", "restart_policy", "condition"})) s.restart = rp->text();
    if (const Value* lg = v.find("logging"); lg && lg->is_map()) {
      if (const Value* d = lg->find("driver")) s.logging_driver = d->text();
      if (const Value* o = lg->find("options"); o && o->is_map())
        for (const auto& [k, val] : o->map) s.logging_options[k] = val.text();
    }
    if (const Value* vols = v.find("volumes"); vols && vols->is_seq())
      for (const auto& m : vols->seq) s.mounts.push_back(read_mount(m, project));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace imgslim::compose
