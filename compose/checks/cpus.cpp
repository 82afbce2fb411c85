// CPU limits and reservations against the host's CPU count.
#include <cstdio>

#include "compose/checks/checks.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

std::string cpus_text(double c) { return format_decimal(c); }

}  // namespace

void check_cpus(const AuditContext& ctx) {
  Budget& b = ctx.report.budget;
  b.host_cpus = ctx.options.host_cpus;
  for (const auto& s : ctx.services) {
    if (s.cpus) b.total_cpus += *s.cpus;
    if (s.cpus_reservation) b.total_cpu_reservations += *s.cpus_reservation;
    Location limit_at = s.raw->at({"deploy", "resources", "limits", "cpus"}) ? s.at({"deploy", "resources", "limits", "cpus"})
                                                                             : s.at({"cpus"});
    if (!s.cpus)
      ctx.add("compose-no-cpu-limit", &s,
              "no CPU limit: a busy " + s.name + " can starve the other services; set deploy.resources.limits.cpus",
              s.at({"deploy", "resources", "limits"}));
    else if (b.host_cpus && *s.cpus > *b.host_cpus)
      ctx.add("compose-cpus-exceed-host", &s,
              "cpus " + cpus_text(*s.cpus) + " is more than the host's " + cpus_text(*b.host_cpus) +
                  " CPUs; Docker refuses to start the container",
              limit_at);
    if (s.cpus && s.cpus_reservation && *s.cpus_reservation > *s.cpus)
      ctx.add("compose-reservation-exceeds-limit", &s,
              "CPU reservation " + cpus_text(*s.cpus_reservation) + " is above the limit " + cpus_text(*s.cpus),
              s.at({"deploy", "resources", "reservations", "cpus"}));
  }
  if (!b.host_cpus) return;
  if (b.total_cpus > *b.host_cpus)
    ctx.add("compose-cpu-overcommit", nullptr,
            "CPU limits total " + cpus_text(b.total_cpus) + " on " + cpus_text(*b.host_cpus) +
                " CPUs: fine for bursts, but under load the services share " + cpus_text(*b.host_cpus) + " CPUs",
            {ctx.project.files.front(), 0, 0});
  if (b.total_cpu_reservations > *b.host_cpus)
    ctx.add("compose-cpu-reservations-overcommit", nullptr,
            "CPU reservations total " + cpus_text(b.total_cpu_reservations) + " but the host has " +
                cpus_text(*b.host_cpus) + " CPUs",
            {ctx.project.files.front(), 0, 0});
}

}  // namespace imgslim::compose
