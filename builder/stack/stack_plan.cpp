#include "builder/stack/stack_plan.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "compose/model/service_images.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

using compose::Value;

[[noreturn]] void refuse(const compose::Service& s, const compose::Location& where, const std::string& problem) {
  throw Error(where.line ? where.str() : s.name, "service " + s.name + ": " + problem);
}

int port_number(const std::string& text, const compose::Service& s, const compose::Location& where) {
  if (text.find('-') != std::string::npos) refuse(s, where, "port ranges (\"" + text + "\") are not run by --measure");
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 0 || n > 65535) refuse(s, where, "invalid port \"" + text + "\"");
  return static_cast<int>(n);
}

// "[[host_ip:]published:]target[/protocol]"
PortPlan short_port(std::string text, const compose::Service& s, const compose::Location& where) {
  PortPlan p;
  if (auto slash = text.find('/'); slash != std::string::npos) {
    p.protocol = text.substr(slash + 1);
    text.resize(slash);
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() > 3) refuse(s, where, "port \"" + text + "\" is not [[IP:]PUBLISHED:]TARGET");
  p.target = port_number(parts.back(), s, where);
  if (parts.size() >= 2 && !parts[parts.size() - 2].empty()) p.published = port_number(parts[parts.size() - 2], s, where);
  if (parts.size() == 3) p.host_ip = parts[0];
  return p;
}

std::vector<PortPlan> read_ports(const compose::Service& s) {
  std::vector<PortPlan> out;
  const Value* ports = s.raw->find("ports");
  if (!ports || !ports->is_seq()) return out;
  for (const Value& v : ports->seq) {
    if (v.is_map()) {
      PortPlan p;
      p.target = port_number(v.find("target") ? v.find("target")->text() : "", s, v.where);
      if (const Value* pub = v.find("published")) p.published = port_number(pub->text(), s, pub->where);
      if (const Value* ip = v.find("host_ip")) p.host_ip = ip->text();
      if (const Value* proto = v.find("protocol")) p.protocol = proto->text();
      out.push_back(p);
    } else {
      out.push_back(short_port(v.text(), s, v.where));
    }
  }
  return out;
}

std::vector<NetworkAttachment> read_networks(const compose::Service& s) {
  std::vector<NetworkAttachment> out;
  const Value* nets = s.raw->find("networks");
  if (!nets) return {{"default", {}}};
  if (nets->is_seq())
    for (const Value& n : nets->seq) out.push_back({n.text(), {}});
  if (nets->is_map())
    for (const auto& [key, n] : nets->map) {
      NetworkAttachment a{key, {}};
      if (const Value* aliases = n.find("aliases"); aliases && aliases->is_seq())
        for (const Value& al : aliases->seq) a.aliases.push_back(al.text());
      out.push_back(a);
    }
  return out;
}

BuildPlan read_build(const compose::Project& project, const Value& build) {
  BuildPlan b;
  std::string context = build.is_scalar() ? build.text() : build.find("context") ? build.find("context")->text() : ".";
  b.context = std::filesystem::weakly_canonical(project.resolve_path(context)).string();
  std::string dockerfile = "Dockerfile";
  if (build.is_map()) {
    if (const Value* d = build.find("dockerfile")) dockerfile = d->text();
    if (const Value* t = build.find("target")) b.target = t->text();
    if (const Value* n = build.find("network")) b.network = n->text();
    if (const Value* args = build.find("args")) {
      if (args->is_map())
        for (const auto& [k, v] : args->map) b.args.push_back(k + "=" + v.text());
      if (args->is_seq())
        for (const Value& v : args->seq) b.args.push_back(v.text());
    }
  }
  b.dockerfile = std::filesystem::path(dockerfile).is_absolute() ? dockerfile : b.context + "/" + dockerfile;
  return b;
}

bool is_true(const Value* v) { return v && (v->text() == "true" || v->is_map()); }

}  // namespace

const ServicePlan* StackPlan::find(const std::string& name) const {
  for (const auto& s : services)
    if (s.name == name) return &s;
  return nullptr;
}

const NetworkPlan* StackPlan::network(const std::string& key) const {
  for (const auto& n : networks)
    if (n.key == key) return &n;
  return nullptr;
}

const VolumePlan* StackPlan::volume(const std::string& key) const {
  for (const auto& v : volumes)
    if (v.key == key) return &v;
  return nullptr;
}

StackPlan plan_stack(const compose::Project& project, const std::vector<compose::Service>& services,
                     const std::string& run_id) {
  StackPlan plan;
  plan.project = project.name;
  plan.run_id = run_id;
  plan.labels = {{kProjectLabel, project.name}, {kRunLabel, run_id}};
  const Value* top_networks = project.model.find("networks");
  const Value* top_volumes = project.model.find("volumes");
  auto images = compose::service_images(project, services);
  for (std::size_t i = 0; i < services.size(); ++i) {
    const compose::Service& s = services[i];
    ServicePlan sp;
    sp.service = &s;
    sp.name = s.name;
    sp.image = images[i].ref;
    if (sp.image.empty()) refuse(s, s.at({}), "has neither `image:` nor `build:`");
    sp.builds = s.builds;
    if (s.builds) sp.build = read_build(project, *s.raw->find("build"));
    if (const Value* pp = s.raw->find("pull_policy")) sp.pull_policy = pp->text();
    sp.container_name = project.name + "-" + s.name + "-" + run_id;
    sp.ports = read_ports(s);
    if (const Value* nm = s.raw->find("network_mode")) sp.network_mode = nm->text();
    else sp.networks = read_networks(s);
    plan.services.push_back(std::move(sp));
  }
  // `service:X` namespaces join X's container, by the name this run gives it.
  for (auto& sp : plan.services)
    if (sp.network_mode.rfind("service:", 0) == 0) {
      const ServicePlan* other = plan.find(sp.network_mode.substr(8));
      if (!other) refuse(*sp.service, sp.service->at({"network_mode"}), "network_mode names no enabled service");
      sp.network_mode = "container:" + other->container_name;
    }
  for (const auto& sp : plan.services) {
    for (const auto& a : sp.networks) {
      if (plan.network(a.network)) continue;
      const Value* def = top_networks ? top_networks->find(a.network) : nullptr;
      if (!def && a.network != "default")
        refuse(*sp.service, sp.service->at({"networks"}), "network \"" + a.network + "\" is not declared under networks:");
      NetworkPlan n{a.network, project.name + "_" + a.network + "_" + run_id, "", false, false};
      if (def && def->is_map()) {
        if (const Value* d = def->find("driver")) n.driver = d->text();
        n.internal = is_true(def->find("internal"));
        n.external = is_true(def->find("external"));
        if (n.external) n.name = def->find("name") ? def->find("name")->text() : a.network;
      }
      plan.networks.push_back(n);
    }
    for (const auto& m : sp.service->mounts) {
      if (m.type != "volume" || m.source.empty() || plan.volume(m.source)) continue;
      const Value* def = top_volumes ? top_volumes->find(m.source) : nullptr;
      if (!def) refuse(*sp.service, m.where, "volume \"" + m.source + "\" is not declared under volumes:");
      VolumePlan v{m.source, project.name + "_" + m.source + "_" + run_id, false};
      if (def->is_map() && is_true(def->find("external"))) {
        v.external = true;
        v.name = def->find("name") ? def->find("name")->text() : m.source;
      }
      plan.volumes.push_back(v);
    }
  }
  return plan;
}

}  // namespace imgslim::builder::stack
