// The running part of `compose --measure`: creates and starts each service's
// container once its depends_on conditions hold (service_started,
// service_healthy, service_completed_successfully), then samples every
// container (inspect and one-shot stats) until all are ready and the window
// has passed, the readiness timeout expires, nothing left can become ready,
// or the run is interrupted. Fills out.services and out.stack.
#pragma once
#include <map>
#include <string>

#include "builder/stack/stack_api.h"
#include "builder/stack/stack_measure.h"
#include "builder/stack/stack_plan.h"

namespace imgslim::builder::stack {

// network_ids: compose network key -> the engine's id (or name, external).
// Throws imgslim::Error naming the service when the engine refuses to create
// or start its container.
void run_and_observe(const StackApi& api, const StackPlan& plan, const std::map<std::string, std::string>& network_ids,
                     const StackMeasureOptions& options, StackMeasurement& out);

// Peak memory of a local container from cgroup v2 (memory.peak of the
// cgroup /proc/PID/cgroup names); nullopt on cgroup v1 or when unreadable.
std::optional<std::uint64_t> cgroup_v2_memory_peak(int pid);

}  // namespace imgslim::builder::stack
