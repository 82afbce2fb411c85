#include "builder/stack/stack_measure.h"

#include <cstdio>
#include <map>
#include <random>

#include "builder/stack/port_check.h"
#include "builder/stack/stack_api.h"
#include "builder/stack/stack_build_times.h"
#include "builder/stack/stack_images.h"
#include "builder/stack/stack_plan.h"
#include "builder/stack/stack_run.h"
#include "builder/stack/stack_teardown.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

std::string new_run_id() {
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "m%06x", static_cast<unsigned>(rd()) & 0xffffffu);
  return buf;
}

// Ports that must be free on this machine before anything starts.
void check_ports(const StackPlan& plan) {
  for (const auto& sp : plan.services) {
    bool host_mode = sp.network_mode == "host";
    for (const auto& p : sp.ports) {
      int port = p.published ? p.published : host_mode ? p.target : 0;
      if (!port || p.protocol != "tcp") continue;
      std::string problem = tcp_port_problem(p.host_ip, port);
      if (!problem.empty())
        throw Error("service " + sp.name, "port " + std::to_string(port) + " is already in use on this host (" + problem + ")");
    }
  }
}

std::string mib(std::uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MiB"; }

}  // namespace

std::vector<std::string> StackMeasurement::failures() const {
  std::vector<std::string> out;
  if (interrupted) out.push_back("interrupted before the measurement ended");
  for (const auto& s : services) {
    if (s.oom_killed) out.push_back(s.name + " was OOM-killed");
    else if (!s.healthy) out.push_back(s.name + ": " + (s.problem.empty() ? "not ready" : s.problem));
    if (s.build_times && !s.build_times->ok()) out.push_back(s.name + ": build times: " + s.build_times->error);
  }
  if (stack.host_available && stack.peak_total_memory > *stack.host_available)
    out.push_back("peak memory " + mib(stack.peak_total_memory) + " is over the " + mib(*stack.host_available) +
                  " the host has for containers");
  return out;
}

StackMeasurement measure_stack(const compose::Project& project, const std::vector<compose::Service>& services,
                               const StackMeasureOptions& options) {
  auto say = [&](const std::string& line) { if (options.progress) options.progress(line); };
  StackApi api(options.engine);
  StackMeasurement out;
  out.project = project.name;
  out.files = project.files;
  out.run_id = new_run_id();
  out.engine = api.describe();
  say("engine: " + out.engine + "; run " + out.run_id + " (label " + kRunLabel + "=" + out.run_id + ")");
  StackPlan plan = plan_stack(project, services, out.run_id);
  ImagesReady images = prepare_images(api, plan, options.build, options.progress);
  out.notes = images.notes;
  if (api.local()) check_ports(plan);

  for (std::size_t i = 0; i < plan.services.size(); ++i) {
    const auto& sp = plan.services[i];
    ServiceMeasure m;
    m.name = sp.name;
    m.image = sp.image;
    m.mem_limit = sp.service->mem_limit;
    m.image_bytes = images.per_service[i].size;
    if (m.mem_limit) out.stack.memory_limits += *m.mem_limit;
    out.services.push_back(m);
  }
  out.stack.images_bytes = images.stored_bytes;
  out.stack.images_summed_bytes = images.summed_bytes;
  out.stack.host_memory = options.host_memory;
  out.stack.host_reserve = options.host_reserve;
  out.stack.host_available = options.host_available;

  InterruptScope signals;  // Ctrl-C from here on: the scratch copies and the stack are removed
  if (options.build_times) time_stack_builds(plan, out.services, options.progress);
  RunGuard guard(api, out.run_id, options.keep);
  std::map<std::string, std::string> network_ids;
  for (const auto& n : plan.networks) {
    if (n.external) {
      network_ids[n.key] = n.name;
      continue;
    }
    try {
      network_ids[n.key] = api.create_network(n.name, n.driver, n.internal, plan.labels);
    } catch (const Error& e) {
      throw Error("network " + n.key, "the engine cannot create it: " + e.problem());
    }
  }
  for (const auto& v : plan.volumes) {
    if (v.external) continue;
    try {
      api.create_volume(v.name, plan.labels);
    } catch (const Error& e) {
      throw Error("volume " + v.key, "the engine cannot create it: " + e.problem());
    }
  }
  run_and_observe(api, plan, network_ids, options, out);
  if (!options.keep) say("removing the stack");
  TeardownCounts removed = guard.finish();  // nothing with --keep
  if (options.keep) {
    const std::string l = std::string(kRunLabel) + "=" + out.run_id;
    out.teardown = "kept running (--keep); remove it with: docker rm -f $(docker ps -aq --filter label=" + l +
                   "); docker network rm $(docker network ls -q --filter label=" + l +
                   "); docker volume rm $(docker volume ls -q --filter label=" + l + ")";
  } else {
    out.teardown = "removed " + removed.str();
  }
  return out;
}

}  // namespace imgslim::builder::stack
