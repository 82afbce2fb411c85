#include "compose/model/dependencies.h"

#include <string>
#include <vector>

namespace imgslim::compose {
namespace {

void implied(Value& svc, const std::string& name, bool restart, const Location& where) {
  Value* deps = svc.find("depends_on");
  if (!deps || !deps->is_map()) {
    deps = &svc.set("depends_on", Value::make_map(where));
    deps->key_where = where;
  }
  if (deps->find(name)) return;
  Value spec = Value::make_map(where);
  spec.set("condition", Value::make_scalar("service_started", where));
  if (restart) spec.set("restart", Value::make_scalar("true", where)).plain = true;
  spec.set("required", Value::make_scalar("true", where)).plain = true;
  deps->set(name, std::move(spec)).key_where = where;
}

}  // namespace

void add_implied_dependencies(Value& services) {
  if (!services.is_map()) return;
  for (auto& [name, svc] : services.map) {
    if (Value* deps = svc.find("depends_on"); deps && deps->is_map())
      for (auto& [dep, spec] : deps->map)
        if (spec.is_map() && !spec.find("required"))
          spec.set("required", Value::make_scalar("true", spec.where)).plain = true;
    // Collected first: adding depends_on may move the service's entries.
    struct Implied {
      std::string name;
      bool restart;
      Location where;
    };
    std::vector<Implied> wanted;
    if (const Value* links = svc.find("links"); links && links->is_seq())
      for (const auto& l : links->seq) wanted.push_back({l.text().substr(0, l.text().find(':')), true, l.where});
    for (const char* ns : {"network_mode", "ipc", "pid", "uts", "cgroup"})
      if (const Value* v = svc.find(ns); v && v->is_scalar() && v->scalar.rfind("service:", 0) == 0)
        wanted.push_back({v->scalar.substr(8), true, v->where});
    if (const Value* from = svc.find("volumes_from"); from && from->is_seq())
      for (const auto& f : from->seq)
        if (f.text().rfind("container:", 0) != 0)
          wanted.push_back({f.text().substr(0, f.text().find(':')), false, f.where});
    for (const auto& w : wanted) implied(svc, w.name, w.restart, w.where);
  }
}

}  // namespace imgslim::compose
