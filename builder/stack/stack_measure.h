// `imgslim compose --measure`: starts a Compose project with the real engine
// (through the Engine API, from the model the audit loads), waits for every
// service to be ready in depends_on order, observes it for a window
// (optionally under HTTP load), measures what a small VPS will see, and
// removes everything it created (also on error and Ctrl-C) unless kept.
//
// Per service: time to running and to healthy (from its own start), peak
// memory (cgroup v2 memory.peak on a local engine, else the highest of the
// engine's stats samples and cgroup v1 max_usage), CPU seconds, OOM kills,
// restarts, exit code. For the stack: time until every service is ready, the
// highest sum of memory in use at one sample, the images' bytes. With
// build_times, each service with `build:` also gets its cold build and its
// rebuild after a source change timed (stack_build_times.h).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "builder/build_times.h"
#include "builder/stack/http_load.h"
#include "compose/model/project.h"
#include "compose/model/service.h"
#include "oci/engine/endpoint.h"

namespace imgslim::builder::stack {

struct StackMeasureOptions {
  oci::EngineKind engine = oci::EngineKind::Docker;
  double timeout_seconds = 180;           // every service ready by then, else never-healthy
  std::optional<double> duration_seconds; // observation window from the start; default: ready + settle
  double settle_seconds = 10;
  double sample_seconds = 0.25;
  bool keep = false;                      // leave the stack up
  bool build = false;                     // build services with `build:` even when the image exists
  bool build_times = false;               // time cold builds and rebuilds of services with `build:`
  std::optional<std::uint64_t> host_memory, host_reserve, host_available;  // from the audit's budget
  std::optional<LoadSpec> load;
  std::function<void(const std::string&)> progress;
};

struct ServiceMeasure {
  std::string name, image, container;
  std::string state = "not started";     // not started, running, exited, restarting, …
  bool started = false;
  bool has_healthcheck = false;
  bool ready = false;                    // healthy; running when no health check; exited 0 for a one-off
  bool healthy = false;                  // ready (a service without health check counts when running)
  std::optional<double> start_offset;    // stack start -> this service's start request
  std::optional<double> running_seconds; // its start -> first seen running
  std::optional<double> healthy_seconds; // its start -> first seen healthy
  std::optional<std::uint64_t> peak_memory;
  std::string peak_memory_source;        // memory.peak | stats stream | limit (OOM-killed)
  std::optional<std::uint64_t> mem_limit;
  double cpu_seconds = 0;
  bool oom_killed = false;
  int restarts = 0;
  std::optional<int> exit_code;          // when it exited (last seen)
  std::uint64_t image_bytes = 0;
  std::optional<BuildTimes> build_times;  // with StackMeasureOptions::build_times, for a service with `build:`
  std::string problem;                   // why it is not ready, OOM, blocked dependency
  std::optional<double> startup_seconds() const { return has_healthcheck ? healthy_seconds : running_seconds; }
};

struct StackTotals {
  std::optional<double> all_ready_seconds;  // stack start -> every service ready
  std::uint64_t peak_total_memory = 0;      // highest sum of memory in use at one sample
  std::uint64_t memory_limits = 0;          // sum of the services' limits (those set)
  std::optional<std::uint64_t> host_memory, host_reserve, host_available;
  std::uint64_t images_bytes = 0;           // as stored: layers shared between images once
  std::uint64_t images_summed_bytes = 0;    // each distinct image's size added up
  double observed_seconds = 0;
  int samples = 0;
};

struct StackMeasurement {
  std::string project, run_id, engine;
  std::vector<std::string> files;
  std::vector<ServiceMeasure> services;
  StackTotals stack;
  std::optional<LoadResult> load;
  std::vector<std::string> notes;           // what was mapped, built, pulled
  std::string teardown;                     // "removed 2 containers, 1 network, 0 volumes" or how to remove (--keep)
  bool interrupted = false;
  // Why the run fails: a service never ready, OOM-killed, over host memory.
  std::vector<std::string> failures() const;
  int exit_code() const { return failures().empty() ? 0 : 1; }
};

// Throws imgslim::Error (one line naming the service) for bad input: engine
// not running, unknown image that cannot be pulled, port in use, a build that
// fails, a limit the engine refuses; everything started is removed first.
StackMeasurement measure_stack(const compose::Project& project, const std::vector<compose::Service>& services,
                               const StackMeasureOptions& options);

}  // namespace imgslim::builder::stack
