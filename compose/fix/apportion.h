// Memory limits and reservations for `--fix`: the user's limits that are
// fine are kept; the others share what the host has left for containers by
// role (minimum + a weighted share of the rest, rounded down to 16 MiB, at
// most the role's ceiling), or, from a measured run, the measured peak plus
// 30 % rounded up to 16 MiB (at least 16 MiB).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compose/model/service.h"

namespace imgslim::compose {

inline constexpr std::uint64_t kFixStep = 16ull * 1024 * 1024;  // limits in 16 MiB steps
inline constexpr unsigned kMeasuredHeadroomPercent = 30;

struct Allocation {
  std::uint64_t limit = 0, reservation = 0;
  bool keep_limit = false, keep_reservation = false;  // the user's values, left alone
  std::string why;                                    // the numbers behind the limit
};

struct MemoryPlan {
  std::map<std::string, Allocation> by_service;
  std::string cannot_fit;  // non-empty: the services' minimums exceed the host; what to cut
};

// `available`: host memory minus the OS reserve; `peaks`: measured peak
// memory by service (empty: size by role).
MemoryPlan apportion_memory(const std::vector<Service>& services, std::uint64_t available,
                            const std::map<std::string, std::uint64_t>& peaks);

}  // namespace imgslim::compose
