// Memory limits and reservations per service and in total against the
// host minus the OS/Docker reserve; swap settings; ulimits.
#include <algorithm>

#include "compose/checks/checks.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

constexpr std::uint64_t kMinOsReserve = 256 * kMiB;

std::string largest(const std::vector<Service>& services, bool reservations) {
  std::vector<std::pair<std::uint64_t, std::string>> sizes;
  for (const auto& s : services) {
    auto v = reservations ? s.mem_reservation : s.mem_limit;
    if (v) sizes.emplace_back(*v, s.name);
  }
  std::sort(sizes.begin(), sizes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (std::size_t i = 0; i < sizes.size() && i < 3; ++i)
    out += (i ? ", " : "") + sizes[i].second + " " + format_mib(sizes[i].first);
  return out;
}

void check_swap(const AuditContext& ctx) {
  std::vector<std::string> swappable;
  const Service* first = nullptr;
  for (const auto& s : ctx.services) {
    if (!s.mem_limit) continue;
    if (!s.memswap_limit) {
      swappable.push_back(s.name);
      if (!first) first = &s;
    } else if (*s.memswap_limit == -1) {
      ctx.add("compose-swap-unlimited", &s,
              "memswap_limit: -1 lets " + s.name + " swap without bound once it reaches its " +
                  format_mib(*s.mem_limit) + " limit; set memswap_limit equal to the memory limit (no swap) or a little above",
              s.at({"memswap_limit"}));
    } else if (static_cast<std::uint64_t>(*s.memswap_limit) < *s.mem_limit) {
      ctx.add("compose-swap-below-limit", &s,
              "memswap_limit " + format_mib(static_cast<std::uint64_t>(*s.memswap_limit)) +
                  " is below the memory limit " + format_mib(*s.mem_limit) + "; Docker refuses to create the container",
              s.at({"memswap_limit"}));
    }
  }
  if (!swappable.empty()) {
    std::string names;
    for (const auto& n : swappable) names += (names.empty() ? "" : ", ") + n;
    ctx.add("compose-swap-unset", first,
            "no memswap_limit on " + names +
                ": on a host with swap each may swap as much again as its memory limit; set memswap_limit to the memory limit to disable it",
            first->at({"deploy"}));
  }
}

void check_ulimits(const AuditContext& ctx) {
  for (const auto& s : ctx.services)
    for (const auto& [name, u] : s.ulimits) {
      if (u.soft && u.hard && *u.hard != -1 && (*u.soft == -1 || *u.soft > *u.hard))
        ctx.add("compose-ulimit-soft-above-hard", &s,
                "ulimit " + name + ": soft " + std::to_string(*u.soft) + " is above hard " + std::to_string(*u.hard) +
                    "; the container fails to start",
                u.where);
      if (name == "memlock" && ((u.soft && *u.soft == -1) || (u.hard && *u.hard == -1)))
        ctx.add("compose-ulimit-unlimited-memlock", &s,
                "memlock is unlimited: locked pages cannot be reclaimed or swapped; give it a bound (e.g. 65536)",
                u.where);
    }
}

}  // namespace

void check_memory(const AuditContext& ctx) {
  Budget& b = ctx.report.budget;
  for (const auto& s : ctx.services) {
    if (s.mem_limit) b.total_limits += *s.mem_limit;
    else ++b.unlimited;
    if (s.mem_reservation) b.total_reservations += *s.mem_reservation;
  }
  if (ctx.options.host_memory) {
    std::uint64_t host = *ctx.options.host_memory;
    b.host_memory = host;
    b.host_label = ctx.options.host_memory_label.empty() ? format_mib(host)
                                                         : ctx.options.host_memory_label + " (" + format_mib(host) + ")";
    b.reserve = ctx.options.os_reserve ? *ctx.options.os_reserve : std::max(kMinOsReserve, host / 10);
    b.available = host > *b.reserve ? host - *b.reserve : 0;
  }

  for (const auto& s : ctx.services) {
    if (!s.mem_limit) {
      std::string what = b.host_memory ? "all " + format_mib(*b.host_memory) + " of the host" : "all of the host's memory";
      ctx.add("compose-no-memory-limit", &s,
              "no memory limit: " + s.name + " can take " + what +
                  " and the kernel's OOM killer then picks a victim; set deploy.resources.limits.memory",
              s.at({"deploy", "resources", "limits"}));
    } else if (b.available && *s.mem_limit > *b.available) {
      ctx.add("compose-memory-limit-exceeds-host", &s,
              s.name + "'s memory limit " + format_mib(*s.mem_limit) + " is more than the " + format_mib(*b.available) +
                  " the host has for all containers",
              s.raw->at({"deploy", "resources", "limits", "memory"}) ? s.at({"deploy", "resources", "limits", "memory"})
                                                                    : s.at({"mem_limit"}));
    }
    if (s.mem_limit && s.mem_reservation && *s.mem_reservation > *s.mem_limit)
      ctx.add("compose-reservation-exceeds-limit", &s,
              "memory reservation " + format_mib(*s.mem_reservation) + " is above the limit " + format_mib(*s.mem_limit),
              s.at({"deploy", "resources", "reservations", "memory"}));
  }

  if (b.available) {
    const Service* biggest = nullptr;
    for (const auto& s : ctx.services)
      if (s.mem_limit && (!biggest || *s.mem_limit > *biggest->mem_limit)) biggest = &s;
    std::string host = format_mib(*b.host_memory) + " minus " + format_mib(*b.reserve) + " for the OS and Docker";
    if (b.total_limits > *b.available && biggest)
      ctx.add("compose-memory-overcommit", nullptr,
              "memory limits total " + format_mib(b.total_limits) + " but the host has " + format_mib(*b.available) +
                  " for containers (" + host + "); cut " + format_mib(b.total_limits - *b.available) +
                  " — largest: " + largest(ctx.services, false),
              biggest->raw->at({"deploy", "resources", "limits", "memory"})
                  ? biggest->at({"deploy", "resources", "limits", "memory"})
                  : biggest->at({"mem_limit"}));
    if (b.total_reservations > *b.available)
      ctx.add("compose-reservations-overcommit", nullptr,
              "memory reservations total " + format_mib(b.total_reservations) + " but the host has " +
                  format_mib(*b.available) + " for containers; largest: " + largest(ctx.services, true),
              {ctx.project.files.front(), 0, 0});
  }
  check_swap(ctx);
  check_ulimits(ctx);
}

}  // namespace imgslim::compose
