// Memory limits and reservations (apportion.h), CPUs, restart policies and log caps.
#include <algorithm>
#include <cmath>

#include "compose/fix/apportion.h"
#include "compose/fix/fixer.h"
#include "compose/fix/roles.h"
#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

constexpr double kAssumedCpus = 2;
const char* const kLogMaxSize = "10m";
const char* const kLogMaxFile = "3";

}  // namespace

void Fixer::memory_and_cpus() {
  const Report& r = before_.report;
  const std::uint64_t available = *r.budget.available;
  bool memory_findings = !fix_.measured_peaks.empty();
  for (const auto& f : r.findings)
    for (const char* rule : {"compose-no-memory-limit", "compose-memory-overcommit", "compose-memory-limit-exceeds-host",
                             "compose-reservations-overcommit", "compose-reservation-exceeds-limit"})
      memory_findings = memory_findings || (f.rule == rule && f.severity != Severity::Info);
  if (memory_findings) {
    MemoryPlan plan = apportion_memory(before_.services, available, fix_.measured_peaks);
    if (!plan.cannot_fit.empty())
      throw Error(r.files.front(), "cannot fit a " + r.budget.host_label + " host, nothing written: " + plan.cannot_fit);
    for (const auto& s : before_.services) {
      const Allocation& a = plan.by_service.at(s.name);
      std::string rule = finding(r, s.name, "compose-no-memory-limit")           ? "compose-no-memory-limit"
                         : finding(r, s.name, "compose-memory-limit-exceeds-host") ? "compose-memory-limit-exceeds-host"
                                                                                   : "compose-memory-overcommit";
      if (!fix_.measured_peaks.empty() && fix_.measured_peaks.count(s.name))
        rule += ", sized from " + (fix_.measured_from.empty() ? std::string("a measured run") : fix_.measured_from);
      if (!a.keep_limit)
        doc_.set(s.name, resource_key(s, "mem_limit", "limits", "memory"), mib_value(a.limit), rule + ": " + a.why);
      if (!a.keep_reservation)
        doc_.set(s.name, resource_key(s, "mem_reservation", "reservations", "memory"), mib_value(a.reservation),
                 rule.substr(0, rule.find(',')) + ": reservation = the " + std::string(sizing(role_of(s)).name) +
                     " minimum, at most the limit");
      if (s.memswap_limit && (*s.memswap_limit == -1 || static_cast<std::uint64_t>(*s.memswap_limit) < a.limit))
        doc_.set(s.name, {"memswap_limit"}, mib_value(a.limit),
                 (*s.memswap_limit == -1 ? "compose-swap-unlimited" : "compose-swap-below-limit") +
                     std::string(": equal to the memory limit (no swap)"));
    }
  }
  const bool cpus_known = options_.host_cpus.has_value();
  const double host = options_.host_cpus.value_or(kAssumedCpus);
  for (const auto& s : before_.services) {
    if (!has_finding(r, s.name, {"compose-no-cpu-limit", "compose-cpus-exceed-host"})) continue;
    const RoleSizing& rs = sizing(role_of(s));
    double c = std::max(0.1, std::round(host * rs.cpu_share * 20) / 20);
    doc_.set(s.name, resource_key(s, "cpus", "limits", "cpus"), cpus_value(c),
             std::string(s.cpus ? "compose-cpus-exceed-host" : "compose-no-cpu-limit") + ": " + rs.name + " share " +
                 cpus_value(rs.cpu_share * 100) + " % of " + cpus_value(host) + " CPUs" +
                 (cpus_known ? "" : " (--host-cpus not given: 2 assumed)"));
  }
}

void Fixer::operations() {
  const Report& r = before_.report;
  for (const auto& s : before_.services) {
    if (has_finding(r, s.name, {"compose-no-restart"}))
      doc_.set(s.name, {"restart"}, "unless-stopped", "compose-no-restart: back up after a crash or a reboot");
    if (has_finding(r, s.name, {"compose-log-unbounded"})) {
      doc_.set(s.name, {"logging", "driver"}, "json-file", "");
      doc_.set(s.name, {"logging", "options", "max-size"}, std::string(kLogMaxSize),
               "compose-log-unbounded: 10 MB × 3 files = 30 MB of logs at most");
      doc_.set(s.name, {"logging", "options", "max-file"}, kLogMaxFile, "", true);
    }
  }
}

}  // namespace imgslim::compose
