#include "compose/model/consistency.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

// compose-go compares the parsed values; 0 is what an unset field parses to.
std::optional<double> bytes_of(const Value* v) {
  if (!v || v->is_null()) return 0.0;
  auto b = parse_memory(v->text());
  if (!b) return std::nullopt;
  return static_cast<double>(*b);
}

std::optional<double> number_of(const Value* v) {
  if (!v || v->is_null()) return 0.0;
  auto c = parse_cpus(v->text());
  if (!c) return std::nullopt;
  return *c;
}

void distinct(const std::string& service, const Value& svc, const char* field, const Value* block,
              const char* sub, const char* deploy_name,
              std::optional<double> (*parse)(const Value*)) {
  const Value* top = svc.find(field);
  if (!top || top->is_null() || !block || block->is_null()) return;
  auto a = parse(top), b = parse(block->find(sub));
  if (!a || !b || *a == 0 || *a == *b) return;  // malformed values are reported where they are read
  throw Error(top->key_where.str(), "services." + service + ": can't set distinct values on '" + field + "' and '" +
                                        deploy_name + "': invalid compose project");
}

}  // namespace

void check_consistency(const Value& services) {
  if (!services.is_map()) return;
  for (const auto& [name, svc] : services.map) {
    const Value* limits = svc.at({"deploy", "resources", "limits"});
    const Value* reservations = svc.at({"deploy", "resources", "reservations"});
    distinct(name, svc, "cpus", limits, "cpus", "deploy.resources.limits.cpus", &number_of);
    distinct(name, svc, "mem_limit", limits, "memory", "deploy.resources.limits.memory", &bytes_of);
    distinct(name, svc, "mem_reservation", reservations, "memory", "deploy.resources.reservations.memory", &bytes_of);
    distinct(name, svc, "pids_limit", limits, "pids", "deploy.resources.limits.pids", &number_of);
    if (const Value* scale = svc.find("scale"); scale && !scale->is_null())
      if (const Value* replicas = svc.at({"deploy", "replicas"}); replicas && !replicas->is_null() &&
                                                                   replicas->text() != scale->text())
        throw Error(scale->key_where.str(), "services." + name +
                                                ": can't set distinct values on 'scale' and 'deploy.replicas': "
                                                "invalid compose project");
  }
  // depends_on cycles (after links, network_mode: service:, volumes_from were added).
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    state[name] = 1;
    path.push_back(name);
    const Value* svc = services.find(name);
    if (const Value* deps = svc ? svc->find("depends_on") : nullptr; deps && deps->is_map())
      for (const auto& [dep, spec] : deps->map) {
        if (!services.find(dep)) continue;  // undefined: the audit reports it
        if (dep == name)
          throw Error(spec.key_where.str(), "service \"" + name + "\" depends on itself: invalid compose project");
        if (state[dep] == 1) {
          std::string cycle;
          auto it = std::find(path.begin(), path.end(), dep);
          for (; it != path.end(); ++it) cycle += *it + " -> ";
          throw Error(spec.key_where.str(), "dependency cycle detected: " + cycle + dep);
        }
        if (state[dep] == 0) visit(dep);
      }
    path.pop_back();
    state[name] = 2;
  };
  for (const auto& [name, svc] : services.map)
    if (state[name] == 0) visit(name);
}

}  // namespace imgslim::compose
