#include "builder/stack/stack_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "builder/stack/container_spec.h"
#include "builder/stack/stats_stream.h"
#include "builder/stack/stack_teardown.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point from, Clock::time_point to) { return std::chrono::duration<double>(to - from).count(); }

struct Tracked {
  const ServicePlan* plan = nullptr;
  ServiceMeasure* m = nullptr;
  std::string id;
  Clock::time_point started;
  bool exited_for_good = false;  // exited and its restart policy will not bring it back
  double created = 0;            // engine clock: container created
  double ready_at = 0;           // engine clock: first running (no health check) or first passing probe
  std::unique_ptr<StatsStream> stats;  // while running (a new one after a restart)
  std::string waiting;                 // the dependency it waits for, while not started
  std::string last_probe;              // the last health probe's exit code and output
};

bool restarts_never(const compose::Service& s) { return s.restart.empty() || s.restart == "no" || s.restart == "none"; }

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

// Whether `t` may start now; `blocked` says when it never can.
bool dependencies_met(const Tracked& t, const std::vector<Tracked>& all, std::string& blocked, std::string& waiting) {
  for (const auto& [dep, condition] : t.plan->service->depends_on) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Tracked& o) { return o.plan->name == dep; });
    if (it == all.end()) continue;  // a dependency outside the enabled services (the audit reports it)
    const ServiceMeasure& d = *it->m;
    waiting = "waiting for " + dep + (condition == "service_healthy" ? " to become healthy"
                                      : condition == "service_completed_successfully" ? " to complete" : " to run");
    if (condition == "service_healthy") {
      if (!d.healthy) {
        if (it->exited_for_good || !it->m->problem.empty()) blocked = "its dependency " + dep + " can no longer become healthy";
        return false;
      }
    } else if (condition == "service_completed_successfully") {
      if (!d.exit_code || d.state != "exited") return false;
      if (*d.exit_code != 0) {
        blocked = "its dependency " + dep + " exited with code " + std::to_string(*d.exit_code);
        return false;
      }
    } else if (!d.running_seconds) {
      if (it->exited_for_good) blocked = "its dependency " + dep + " stopped";
      return false;
    }
  }
  return true;
}

void start(const StackApi& api, const StackPlan& plan, const std::map<std::string, std::string>& network_ids,
           Tracked& t, Clock::time_point t0) {
  const ServicePlan& sp = *t.plan;
  const std::string who = "service " + sp.name;
  try {
    t.id = api.create_container(sp.container_name, container_body(plan, sp));
  } catch (const Error& e) {
    throw Error(who, "the engine refuses its container: " + e.problem());
  }
  try {
    for (std::size_t i = 1; i < sp.networks.size(); ++i)
      api.connect_network(network_ids.at(sp.networks[i].network), connect_body(sp, sp.networks[i]));
    t.started = Clock::now();
    api.start_container(t.id);
  } catch (const Error& e) {
    throw Error(who, "the engine cannot start it: " + e.problem());
  }
  t.m->container = sp.container_name;
  t.m->started = true;
  t.m->start_offset = seconds(t0, t.started);
}

void observe(const StackApi& api, Tracked& t, Clock::time_point now, std::uint64_t& in_use) {
  ServiceMeasure& m = *t.m;
  auto st = api.inspect(t.id);
  if (!st) return;
  m.state = st->status;
  m.restarts = st->restart_count;
  m.oom_killed |= st->oom_killed;
  if (!st->health.empty()) m.has_healthcheck = true;
  // Timings from the engine's own timestamps (precise whatever the sampling
  // interval); the sample time only when the engine gives none.
  if (!t.created) t.created = st->created;
  if (!st->last_probe.empty()) t.last_probe = one_line(st->last_probe);
  // StartedAt stays set after an exit: a one-off that finished between two
  // samples has still run (service_started holds for its dependents).
  if (!m.running_seconds && (st->running || st->started_at > 0)) {
    bool stamped = st->started_at > 0 && t.created > 0;
    m.running_seconds = stamped ? st->started_at - t.created : seconds(t.started, now);
    if (stamped) t.ready_at = st->started_at;
  }
  if (st->health == "healthy" && !m.healthy_seconds) {
    bool stamped = st->first_healthy_probe > 0 && t.created > 0;
    m.healthy_seconds = stamped ? st->first_healthy_probe - t.created : seconds(t.started, now);
    t.ready_at = stamped ? st->first_healthy_probe : 0;
  }
  m.exit_code = st->running ? std::nullopt : std::optional<int>(st->exit_code);
  bool one_off_done = st->status == "exited" && st->exit_code == 0 && restarts_never(*t.plan->service);
  m.ready = m.has_healthcheck ? st->health == "healthy" && st->running : st->running || one_off_done;
  m.healthy = m.ready;
  t.exited_for_good = (st->status == "exited" || st->status == "dead") && restarts_never(*t.plan->service);
  if (st->running) {
    if (!t.stats || t.stats->ended()) t.stats = std::make_unique<StatsStream>(api, t.id);
    if (auto s = t.stats->latest()) {
      in_use += s->memory_usage;
      m.cpu_seconds = std::max(m.cpu_seconds, s->cpu_seconds);
    }
    std::uint64_t peak = t.stats->max_memory();
    std::string source = peak ? "stats stream" : "";
    if (api.local() && st->pid > 0)
      if (auto v2 = cgroup_v2_memory_peak(st->pid)) {
        peak = *v2;
        source = "memory.peak";
      }
    if (peak && (!m.peak_memory || peak > *m.peak_memory)) {
      m.peak_memory = peak;
      m.peak_memory_source = source;
    }
  }
  t.m->problem = "";
  if (m.oom_killed) t.m->problem = "OOM-killed at its " + (m.mem_limit ? std::to_string(*m.mem_limit >> 20) + " MiB" : std::string("host")) + " memory limit";
  else if (t.exited_for_good && !m.ready) t.m->problem = "exited with code " + std::to_string(st->exit_code);
  else if (m.has_healthcheck && st->health == "unhealthy") t.m->problem = "unhealthy (" + one_line(st->last_probe) + ")";
  if (!st->error.empty()) t.m->problem += (t.m->problem.empty() ? "" : "; ") + st->error;
}

// Final samples: a stream's last one may be newer than the last tick's read.
void tracked_streams_end(std::vector<Tracked>& tracked) {
  for (auto& t : tracked) {
    if (!t.stats) continue;
    std::uint64_t peak = t.stats->max_memory();
    if (auto s = t.stats->latest()) t.m->cpu_seconds = std::max(t.m->cpu_seconds, s->cpu_seconds);
    if (peak && t.m->peak_memory_source != "memory.peak" && (!t.m->peak_memory || peak > *t.m->peak_memory)) {
      t.m->peak_memory = peak;
      t.m->peak_memory_source = "stats stream";
    }
    t.stats.reset();
  }
}

}  // namespace

std::optional<std::uint64_t> cgroup_v2_memory_peak(int pid) {
  std::ifstream cg("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(cg, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    std::ifstream peak("/sys/fs/cgroup" + line.substr(3) + "/memory.peak");
    std::uint64_t bytes = 0;
    if (peak >> bytes) return bytes;
  }
  return std::nullopt;
}

void run_and_observe(const StackApi& api, const StackPlan& plan, const std::map<std::string, std::string>& network_ids,
                     const StackMeasureOptions& options, StackMeasurement& out) {
  std::vector<Tracked> tracked;
  for (std::size_t i = 0; i < plan.services.size(); ++i) {
    Tracked& t = tracked.emplace_back();
    t.plan = &plan.services[i];
    t.m = &out.services[i];
  }
  auto say = [&](const std::string& line) { if (options.progress) options.progress(line); };
  const auto t0 = Clock::now();
  std::optional<Clock::time_point> ready_at;
  std::thread load_thread;
  std::atomic<bool> load_done{!options.load};
  std::string load_error;
  LoadResult load;
  auto stop_load = [&] { if (load_thread.joinable()) load_thread.join(); };
  try {
    while (true) {
      if (interrupted()) {
        out.interrupted = true;
        break;
      }
      for (auto& t : tracked) {
        if (t.m->started) continue;
        std::string blocked, waiting;
        if (dependencies_met(t, tracked, blocked, waiting)) {
          say("starting " + t.plan->name);
          start(api, plan, network_ids, t, t0);
        } else {
          t.m->problem = blocked.empty() ? "" : "not started: " + blocked;
          t.waiting = waiting;
        }
      }
      const auto now = Clock::now();
      std::uint64_t in_use = 0;
      for (auto& t : tracked)
        if (t.m->started) observe(api, t, now, in_use);
      out.stack.peak_total_memory = std::max(out.stack.peak_total_memory, in_use);
      out.stack.samples++;
      bool all_ready = std::all_of(tracked.begin(), tracked.end(), [](const Tracked& t) { return t.m->ready; });
      if (all_ready && !ready_at) {
        ready_at = now;
        out.stack.all_ready_seconds = seconds(t0, now);
        // On the engine's clock: first container created -> last service ready.
        double first = 0, last = 0;
        bool stamped = true;
        for (const auto& t : tracked) {
          stamped &= t.created > 0 && t.ready_at > 0;
          first = first == 0 ? t.created : std::min(first, t.created);
          last = std::max(last, t.ready_at);
        }
        if (stamped) out.stack.all_ready_seconds = last - first;
        say("all " + std::to_string(tracked.size()) + " services ready after " + std::to_string(seconds(t0, now)).substr(0, 4) + " s");
        if (options.load) {
          say("load: " + std::to_string(options.load->requests) + " requests to " + options.load->url);
          load_thread = std::thread([&] {
            try {
              load = run_load(*options.load);
            } catch (const std::exception& e) {
              load_error = e.what();
            }
            load_done = true;
          });
        }
      }
      if (ready_at) {
        double window = options.duration_seconds ? *options.duration_seconds : seconds(t0, *ready_at) + options.settle_seconds;
        if (seconds(t0, now) >= window && load_done) break;
      } else {
        if (seconds(t0, now) >= options.timeout_seconds) break;
        // Nothing that is not ready can still become ready: stop waiting.
        bool hopeless = std::all_of(tracked.begin(), tracked.end(), [](const Tracked& t) {
          return t.m->ready || t.exited_for_good || (!t.m->started && !t.m->problem.empty());
        });
        if (hopeless) break;
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(options.sample_seconds));
    }
  } catch (...) {
    stop_load();
    throw;
  }
  stop_load();
  for (auto& t : tracked)
    if (t.stats) t.stats->stop();
  tracked_streams_end(tracked);
  if (options.load && load_done && load_error.empty() && ready_at) out.load = load;
  if (!load_error.empty()) out.notes.push_back("load not run: " + load_error);
  out.stack.observed_seconds = seconds(t0, Clock::now());
  for (auto& t : tracked) {
    ServiceMeasure& m = *t.m;
    // A container killed for memory between two samples was at its limit.
    if (m.oom_killed && m.mem_limit && (!m.peak_memory || *m.peak_memory < *m.mem_limit)) {
      m.peak_memory = *m.mem_limit;
      m.peak_memory_source = "limit (OOM-killed)";
    }
    const std::string within = " within " + std::to_string(static_cast<int>(options.timeout_seconds)) + " s";
    if (!m.ready && m.problem.empty())
      m.problem = !m.started          ? "not started" + within + (t.waiting.empty() ? "" : ": " + t.waiting)
                  : m.has_healthcheck ? "not healthy" + within + " (health: starting" +
                                            (t.last_probe.empty() ? "" : "; " + t.last_probe) + ")"
                                      : "not running";
  }
}

}  // namespace imgslim::builder::stack
