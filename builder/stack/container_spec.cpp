#include "builder/stack/container_spec.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace imgslim::builder::stack {
namespace {

using nlohmann::json;
using compose::Value;

std::int64_t nanos(double seconds) { return static_cast<std::int64_t>(std::llround(seconds * 1e9)); }

// Compose's restart values as the engine's policy names.
json restart_policy(const compose::Service& s) {
  std::string name = s.restart;
  int retries = 0;
  if (name.rfind("on-failure:", 0) == 0) {
    retries = std::atoi(name.c_str() + 11);
    name = "on-failure";
  }
  if (name == "any") name = "always";  // deploy.restart_policy.condition
  if (name == "none" || name.empty()) name = "no";
  if (const Value* max = s.raw->at({"deploy", "restart_policy", "max_attempts"})) retries = std::atoi(max->text().c_str());
  json p = {{"Name", name}};
  if (name == "on-failure" && retries > 0) p["MaximumRetryCount"] = retries;
  return p;
}

json healthcheck(const compose::Service& s) {
  const Value* hc = s.raw->find("healthcheck");
  json out = json::object();
  if (s.healthcheck.disabled) return {{"Test", json::array({"NONE"})}};
  const Value* test = hc ? hc->find("test") : nullptr;
  if (test && test->is_scalar()) out["Test"] = json::array({"CMD-SHELL", test->text()});
  else if (test && test->is_seq()) out["Test"] = s.healthcheck.test;
  if (s.healthcheck.interval_s) out["Interval"] = nanos(*s.healthcheck.interval_s);
  if (s.healthcheck.timeout_s) out["Timeout"] = nanos(*s.healthcheck.timeout_s);
  if (s.healthcheck.start_period_s) out["StartPeriod"] = nanos(*s.healthcheck.start_period_s);
  if (s.healthcheck.retries) out["Retries"] = *s.healthcheck.retries;
  return out;
}

std::vector<std::string> strings_of(const Value* v) {
  std::vector<std::string> out;
  if (v && v->is_seq())
    for (const Value& item : v->seq) out.push_back(item.text());
  else if (v && v->is_scalar())
    out.push_back(v->text());
  return out;
}

json endpoint(const ServicePlan& sp, const NetworkAttachment& a) {
  std::vector<std::string> aliases = {sp.name};
  aliases.insert(aliases.end(), a.aliases.begin(), a.aliases.end());
  return {{"Aliases", aliases}};
}

}  // namespace

std::string container_body(const StackPlan& plan, const ServicePlan& sp) {
  const compose::Service& s = *sp.service;
  json body;
  body["Image"] = sp.image;
  json env = json::array();
  for (const auto& [k, v] : s.environment) env.push_back(k + "=" + v);
  body["Env"] = env;
  if (s.raw->find("entrypoint")) body["Entrypoint"] = s.entrypoint;
  if (s.raw->find("command")) body["Cmd"] = s.command;
  for (const auto& [key, field] : {std::pair{"user", "User"}, {"working_dir", "WorkingDir"}, {"hostname", "Hostname"},
                                   {"stop_signal", "StopSignal"}, {"domainname", "Domainname"}})
    if (const Value* v = s.raw->find(key)) body[field] = v->text();
  if (s.healthcheck.present) body["Healthcheck"] = healthcheck(s);
  json labels = plan.labels;
  labels[kServiceLabel] = sp.name;
  if (const Value* l = s.raw->find("labels"); l && l->is_map())
    for (const auto& [k, v] : l->map) labels[k] = v.text();
  body["Labels"] = labels;

  json host;
  if (s.mem_limit) host["Memory"] = *s.mem_limit;
  if (s.mem_reservation) host["MemoryReservation"] = *s.mem_reservation;
  if (s.memswap_limit) host["MemorySwap"] = *s.memswap_limit;
  if (s.cpus) host["NanoCpus"] = nanos(*s.cpus);
  if (const Value* p = s.raw->find("pids_limit")) host["PidsLimit"] = std::atoll(p->text().c_str());
  if (const Value* p = s.raw->at({"deploy", "resources", "limits", "pids"})) host["PidsLimit"] = std::atoll(p->text().c_str());
  host["RestartPolicy"] = restart_policy(s);
  if (const Value* i = s.raw->find("init")) host["Init"] = i->text() == "true";
  if (const Value* r = s.raw->find("read_only")) host["ReadonlyRootfs"] = r->text() == "true";
  if (const Value* p = s.raw->find("privileged")) host["Privileged"] = p->text() == "true";
  if (auto caps = strings_of(s.raw->find("cap_add")); !caps.empty()) host["CapAdd"] = caps;
  if (auto caps = strings_of(s.raw->find("cap_drop")); !caps.empty()) host["CapDrop"] = caps;
  if (auto hosts = strings_of(s.raw->find("extra_hosts")); !hosts.empty()) host["ExtraHosts"] = hosts;
  if (const Value* eh = s.raw->find("extra_hosts"); eh && eh->is_map()) {
    json list = json::array();
    for (const auto& [k, v] : eh->map) list.push_back(k + ":" + v.text());
    host["ExtraHosts"] = list;
  }
  json ulimits = json::array();
  for (const auto& [name, u] : s.ulimits) ulimits.push_back({{"Name", name}, {"Soft", u.soft.value_or(-1)}, {"Hard", u.hard.value_or(-1)}});
  if (!ulimits.empty()) host["Ulimits"] = ulimits;
  if (s.logging_driver.size()) host["LogConfig"] = {{"Type", s.logging_driver}, {"Config", s.logging_options}};

  json binds = json::array(), mounts = json::array();
  for (const auto& m : s.mounts) {
    if (m.type == "bind") {
      binds.push_back(m.source + ":" + m.target + (m.read_only ? ":ro" : ""));
    } else if (m.type == "tmpfs") {
      mounts.push_back({{"Type", "tmpfs"}, {"Target", m.target}});
    } else {
      json mount = {{"Type", "volume"}, {"Target", m.target}, {"ReadOnly", m.read_only}};
      if (!m.source.empty()) mount["Source"] = plan.volume(m.source)->name;
      else mount["VolumeOptions"] = {{"Labels", plan.labels}};
      mounts.push_back(mount);
    }
  }
  if (const Value* t = s.raw->find("tmpfs"))
    for (const auto& target : strings_of(t)) mounts.push_back({{"Type", "tmpfs"}, {"Target", target.substr(0, target.find(':'))}});
  if (!binds.empty()) host["Binds"] = binds;
  if (!mounts.empty()) host["Mounts"] = mounts;

  json exposed = json::object(), bindings = json::object();
  for (const auto& p : sp.ports) {
    std::string key = std::to_string(p.target) + "/" + p.protocol;
    exposed[key] = json::object();
    json b = {{"HostIp", p.host_ip}, {"HostPort", p.published ? std::to_string(p.published) : ""}};
    bindings[key].push_back(b);
  }
  if (!sp.ports.empty()) {
    body["ExposedPorts"] = exposed;
    host["PortBindings"] = bindings;
  }
  json net = json::object();
  if (!sp.network_mode.empty()) {
    host["NetworkMode"] = sp.network_mode;
  } else if (!sp.networks.empty()) {
    const NetworkPlan* first = plan.network(sp.networks.front().network);
    host["NetworkMode"] = first->name;
    net["EndpointsConfig"][first->name] = endpoint(sp, sp.networks.front());
  }
  body["HostConfig"] = host;
  if (!net.empty()) body["NetworkingConfig"] = net;
  return body.dump();
}

std::string connect_body(const ServicePlan& sp, const NetworkAttachment& a) {
  return json{{"Container", sp.container_name}, {"EndpointConfig", endpoint(sp, a)}}.dump();
}

}  // namespace imgslim::builder::stack
