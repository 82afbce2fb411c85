// Restart policies and log size caps (json-file keeps logs forever unless
// max-size is set, and a chatty container can fill a small VPS disk).
#include <cstdlib>

#include "compose/checks/checks.h"
#include "compose/model/units.h"
#include "support/size.h"

namespace imgslim::compose {

void check_operations(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    if (s.restart.empty())
      ctx.add("compose-no-restart", &s,
              "no restart policy: after a crash or a reboot " + s.name + " stays down; add restart: unless-stopped",
              s.at({"restart"}));

    ServiceBudget& b = ctx.budget_of(s.name);
    const std::string driver = s.logging_driver.empty() ? "json-file" : s.logging_driver;
    if (driver == "json-file" || driver == "local") {
      std::optional<std::uint64_t> size;
      if (auto it = s.logging_options.find("max-size"); it != s.logging_options.end()) size = parse_size(it->second);  // Docker reads log sizes in SI units (10m = 10 MB)
      long files = 1;
      if (auto it = s.logging_options.find("max-file"); it != s.logging_options.end())
        files = std::max(1L, std::strtol(it->second.c_str(), nullptr, 10));
      if (driver == "local") {
        if (!size) size = 20 * 1000 * 1000;  // the local driver's defaults: 20 MB x 5 files
        if (!s.logging_options.count("max-file")) files = 5;
      }
      if (size) {
        b.log_cap = *size * static_cast<std::uint64_t>(files);
        ctx.report.budget.logs_bytes += *b.log_cap;
      } else {
        ctx.add("compose-log-unbounded", &s,
                std::string(s.logging_driver.empty() ? "default json-file logging" : "json-file logging") +
                    " without max-size grows until the disk is full; set logging: {driver: json-file, options: "
                    "{max-size: 10m, max-file: \"3\"}} (or cap it in the daemon's daemon.json)",
                s.at({"logging", "options"}));
      }
    } else {
      b.log_cap = 0;  // shipped elsewhere (journald, syslog, none, ...)
    }
  }
}

}  // namespace imgslim::compose
