#include "compose/fix/apportion.h"

#include <algorithm>

#include "compose/fix/roles.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

std::uint64_t round_up(std::uint64_t v) { return (v + kFixStep - 1) / kFixStep * kFixStep; }

// What a service needs at least: its role's minimum, or its measured peak + headroom.
std::uint64_t need_of(const Service& s, const std::map<std::string, std::uint64_t>& peaks, std::string* why) {
  const RoleSizing& r = sizing(role_of(s));
  auto it = peaks.find(s.name);
  if (it == peaks.end()) {
    if (why) *why = std::string(r.name) + " minimum " + format_mib(r.min);
    return r.min;
  }
  std::uint64_t sized = std::max(kFixStep, round_up(it->second + it->second * kMeasuredHeadroomPercent / 100));
  if (why)
    *why = "measured peak " + format_mib(it->second) + " + " + std::to_string(kMeasuredHeadroomPercent) +
           " % headroom, rounded up to 16 MiB";
  return sized;
}

}  // namespace

MemoryPlan apportion_memory(const std::vector<Service>& services, std::uint64_t available,
                            const std::map<std::string, std::uint64_t>& peaks) {
  MemoryPlan plan;
  std::map<std::string, std::uint64_t> need;
  std::map<std::string, std::string> why;
  std::uint64_t total_need = 0;
  for (const auto& s : services) {
    need[s.name] = need_of(s, peaks, &why[s.name]);
    total_need += need[s.name];
  }
  if (total_need > available) {
    std::vector<const Service*> by_need;
    for (const auto& s : services) by_need.push_back(&s);
    std::stable_sort(by_need.begin(), by_need.end(),
                     [&](const Service* a, const Service* b) { return need[a->name] > need[b->name]; });
    std::string list;
    for (const Service* s : by_need) list += (list.empty() ? "" : ", ") + s->name + " " + format_mib(need[s->name]);
    plan.cannot_fit = "the services need at least " + format_mib(total_need) + " (" + list + ") but the host has " +
                      format_mib(available) + " for containers: over by " + format_mib(total_need - available) +
                      "; cut that much — move " + by_need.front()->name + " (" + format_mib(need[by_need.front()->name]) +
                      ") to another machine or drop a service — or use a host with " +
                      format_mib(total_need - available) + " more memory";
    return plan;
  }
  // The user's limits that are fine (at least the need, within the host) are
  // kept, unless keeping them all leaves the others less than their needs.
  std::uint64_t kept = 0, others_need = 0;
  for (const auto& s : services) {
    bool fine = s.mem_limit && *s.mem_limit >= need[s.name] && *s.mem_limit <= available;
    plan.by_service[s.name].keep_limit = fine;
    (fine ? kept : others_need) += fine ? *s.mem_limit : need[s.name];
  }
  if (kept + others_need > available) {
    for (auto& [name, a] : plan.by_service) a.keep_limit = false;
    kept = 0;
  }
  std::uint64_t left = available - kept, mins = 0;
  unsigned weights = 0;
  for (const auto& s : services)
    if (!plan.by_service[s.name].keep_limit) {
      mins += need[s.name];
      weights += sizing(role_of(s)).weight;
    }
  const std::uint64_t extra = left > mins ? left - mins : 0;
  for (const auto& s : services) {
    Allocation& a = plan.by_service[s.name];
    const RoleSizing& r = sizing(role_of(s));
    if (a.keep_limit) {
      a.limit = *s.mem_limit;
      a.why = "your limit, at least the " + why[s.name];
    } else if (peaks.count(s.name)) {
      a.limit = need[s.name];
      a.why = why[s.name];
    } else {
      std::uint64_t share = extra * r.weight / weights / kFixStep * kFixStep;
      a.limit = std::min(need[s.name] + share, std::max(r.max, need[s.name]));
      a.why = std::string(r.name) + ": " + format_mib(need[s.name]) + " minimum + " + std::to_string(r.weight) + "/" +
              std::to_string(weights) + " of the " + format_mib(extra) + " above the minimums" +
              (need[s.name] + share > r.max ? ", capped at " + format_mib(r.max) : "") + " (" + format_mib(available) +
              " for containers)";
    }
    a.keep_reservation = s.mem_reservation && *s.mem_reservation <= a.limit;
    a.reservation = a.keep_reservation ? *s.mem_reservation : std::min(r.min, a.limit);
  }
  std::uint64_t reserved = 0;
  for (const auto& [name, a] : plan.by_service) reserved += a.reservation;
  if (reserved > available)
    for (const auto& s : services) {
      Allocation& a = plan.by_service[s.name];
      a.keep_reservation = false;
      a.reservation = std::min(sizing(role_of(s)).min, a.limit);
    }
  return plan;
}

}  // namespace imgslim::compose
