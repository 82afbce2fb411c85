// Health checks (health_probe.h: only with commands the image has) and
// depends_on service_healthy on the database.
#include <algorithm>
#include <cmath>
#include <set>

#include "compose/checks/checks.h"
#include "compose/checks/health_probe.h"
#include "compose/fix/fixer.h"
#include "compose/fix/roles.h"

namespace imgslim::compose {

void Fixer::health_and_order() {
  const Report& r = before_.report;
  std::set<std::string> healthy;  // services that have, or get, a health check
  for (const auto& s : before_.services) {
    const RoleSizing& rs = sizing(role_of(s));
    const ImageFacts* facts = facts_of(options_, s.name);
    bool missing = has_finding(r, s.name, {"compose-no-healthcheck"});
    bool wrong_command = has_finding(r, s.name, {"compose-healthcheck-command-missing"});
    if (s.healthcheck.present && !s.healthcheck.disabled && !s.healthcheck.test.empty()) healthy.insert(s.name);
    if (missing || wrong_command) {
      auto probe = health_probe(s, facts);
      if (!probe) continue;  // nothing in the image can probe it: listed after writing
      std::string why = std::string(missing ? "compose-no-healthcheck" : "compose-healthcheck-command-missing") +
                        ": " + probe->checks + " with " + probe->tool +
                        (facts ? ", which " + facts->ref + " has" : "");
      doc_.set_list(s.name, {"healthcheck", "test"}, probe->test, why);
      healthy.insert(s.name);
      if (!missing) continue;
      doc_.set(s.name, {"healthcheck", "interval"}, rs.interval, std::string(rs.name) + " timing");
      doc_.set(s.name, {"healthcheck", "timeout"}, rs.timeout, "below the interval");
      doc_.set(s.name, {"healthcheck", "retries"}, std::to_string(rs.retries), "");
      doc_.set(s.name, {"healthcheck", "start_period"}, rs.start_period, "boot time not counted against retries");
      continue;
    }
    if (has_finding(r, s.name, {"compose-healthcheck-timeout"}) || finding(r, s.name, "compose-healthcheck-timeout")) {
      double interval = s.healthcheck.interval_s.value_or(30);
      double timeout = std::min(5.0, std::floor(interval / 2));
      doc_.set(s.name, {"healthcheck", "timeout"}, cpus_value(std::max(1.0, timeout)) + "s",
               "compose-healthcheck-timeout: shorter than the " + cpus_value(interval) + "s interval");
    }
    if (has_finding(r, s.name, {"compose-healthcheck-start-period"}))
      doc_.set(s.name, {"healthcheck", "start_period"}, rs.start_period,
               std::string("compose-healthcheck-start-period: ") + rs.name + " boot time");
    if (has_finding(r, s.name, {"compose-n8n-worker-health"}))
      doc_.set(s.name, {"environment", "QUEUE_HEALTH_CHECK_ACTIVE"}, "true",
               "compose-n8n-worker-health: the worker serves /healthz only with this");
  }
  for (const auto& s : before_.services) {
    if (!has_finding(r, s.name, {"compose-depends-on-unhealthy"})) continue;
    for (const auto& db : before_.services) {
      if (&db == &s || !is_database(db) || !healthy.count(db.name)) continue;
      bool uses = s.depends_on.count(db.name) > 0;
      for (const auto& [k, v] : s.environment)
        uses = uses || v == db.name || v.find("@" + db.name) != std::string::npos ||
               v.find("//" + db.name) != std::string::npos;
      auto cond = s.depends_on.find(db.name);
      if (!uses || (cond != s.depends_on.end() && cond->second == "service_healthy")) continue;
      doc_.set(s.name, {"depends_on", db.name, "condition"}, "service_healthy",
               "compose-depends-on-unhealthy: start once " + db.name + " accepts connections");
    }
  }
}

}  // namespace imgslim::compose
