// `compose --measure --build-times`: for every service with `build:`, its
// Dockerfile's cold build and its rebuild after a source-only change
// (builder/build_times.h), timed before the stack starts, in a scratch copy
// of the service's context; the timing images are tagged
// imgslim-measure/<run>:<service>-cold / -rebuild and removed.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "builder/stack/stack_measure.h"
#include "builder/stack/stack_plan.h"

namespace imgslim::builder::stack {

// `services` are in plan order; each one that builds gets its build_times.
void time_stack_builds(const StackPlan& plan, std::vector<ServiceMeasure>& services,
                       const std::function<void(const std::string&)>& progress);

}  // namespace imgslim::builder::stack
