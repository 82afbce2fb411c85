// What part a service plays in a small VPS stack, and what `--fix` gives each
// part: a weight in the memory share, a minimum (also the reservation), a
// ceiling, a share of the host's CPUs and the health-check timing.
#pragma once
#include <cstdint>
#include <string>

#include "compose/model/service.h"

namespace imgslim::compose {

enum class Role { Database, N8n, Api, Frontend, Proxy, Other };

struct RoleSizing {
  const char* name;           // "database", "n8n", "Node API", "frontend", "proxy", "other"
  unsigned weight;            // share of the memory above the minimums
  std::uint64_t min, max;     // limit bounds, bytes; `min` is also the reservation
  double cpu_share;           // of the host's CPUs
  const char* interval;       // health check timing
  const char* timeout;
  int retries;
  const char* start_period;
};

Role role_of(const Service& s);
const RoleSizing& sizing(Role role);

}  // namespace imgslim::compose
