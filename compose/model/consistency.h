// The checks compose-go runs on a loaded project before `docker compose`
// accepts it (its checkConsistency and dependency graph): a resource set
// twice with distinct values (`mem_limit` and `deploy.resources.limits.memory`,
// an unset one counting as distinct when the other block exists; the same
// for cpus, mem_reservation, pids_limit, scale / deploy.replicas) and
// depends_on cycles, a service depending on itself included.
#pragma once
#include "compose/model/value.h"

namespace imgslim::compose {

// Throws imgslim::Error at the offending line with Compose's wording.
void check_consistency(const Value& services);

}  // namespace imgslim::compose
