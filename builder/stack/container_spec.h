// The body of POST /containers/create for one planned service: image,
// environment (env files included), entrypoint/command, user, working_dir,
// healthcheck, the memory/CPU/pids limits, restart policy, ports, mounts
// (binds, the run's named volumes, anonymous volumes, tmpfs), the network
// mode or the first network with the service's aliases, labels.
#pragma once
#include <string>

#include "builder/stack/stack_plan.h"

namespace imgslim::builder::stack {

std::string container_body(const StackPlan& plan, const ServicePlan& service);

// Networks beyond the first are connected after create (the API attaches one
// at create time on older engines): POST /networks/{id}/connect bodies.
std::string connect_body(const ServicePlan& service, const NetworkAttachment& attachment);

}  // namespace imgslim::builder::stack
