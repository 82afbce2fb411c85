// compose-go's normalisation of service dependencies: `links:`,
// `network_mode` / `ipc` / `pid` / `uts` / `cgroup` of the form
// `service:NAME`, and `volumes_from: [NAME]` each imply
// `depends_on: {NAME: {condition: service_started, required: true}}`
// (restart: true for links and namespaces) unless depends_on names NAME
// already; every depends_on entry gets `required: true` by default.
#pragma once
#include "compose/model/value.h"

namespace imgslim::compose {

void add_implied_dependencies(Value& services);

}  // namespace imgslim::compose
