// Health checks (present, timeout < interval, start_period for slow
// starters) and depends_on (defined services, service_healthy on the database).
#include <cstdio>

#include "compose/checks/checks.h"

namespace imgslim::compose {
namespace {

constexpr double kDockerDefaultInterval = 30, kDockerDefaultTimeout = 30;
constexpr int kDockerDefaultRetries = 3;

std::string secs(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gs", s);
  return buf;
}

bool one_shot(const Service& s) { return s.restart == "no" || s.restart == "none"; }

bool slow_starter(const Service& s) { return is_database(s) || is_n8n(s) || is_node(s); }

// Does `user` reach `db` through its environment (host names, URLs)?
bool refers_to(const Service& user, const Service& db) {
  for (const auto& [k, v] : user.environment) {
    if (v == db.name) return true;
    for (const char* sep : {"@", "//"}) {
      auto pos = v.find(sep + db.name);
      if (pos == std::string::npos) continue;
      std::size_t end = pos + std::string(sep).size() + db.name.size();
      if (end == v.size() || v[end] == ':' || v[end] == '/' || v[end] == '?') return true;
    }
  }
  return false;
}

std::string env_or(const Service& s, const char* key, const std::string& fallback) {
  auto it = s.environment.find(key);
  return it == s.environment.end() || it->second.empty() ? fallback : it->second;
}

// An n8n worker answers HTTP only with QUEUE_HEALTH_CHECK_ACTIVE=true.
bool worker_serves_health(const Service& s) { return env_or(s, "QUEUE_HEALTH_CHECK_ACTIVE", "false") == "true"; }

bool requests_healthz(const Healthcheck& hc) {
  for (const auto& word : hc.test)
    if (word.find("/healthz") != std::string::npos) return true;
  return false;
}

// What to add as healthcheck.test for this kind of service.
std::string health_hint(const Service& s) {
  const std::string add = "add healthcheck.test (";
  if (is_postgres(s)) return add + "pg_isready -U $$POSTGRES_USER)";
  if (is_nginx(s)) return add + "wget -qO- http://localhost/ || exit 1)";
  switch (n8n_role(s)) {
    case N8nRole::Main:
    case N8nRole::Webhook:
      return add + "wget -qO- http://localhost:" + env_or(s, "N8N_PORT", "5678") + "/healthz)";
    case N8nRole::Worker: {
      std::string probe = "wget -qO- http://localhost:" + env_or(s, "QUEUE_HEALTH_CHECK_PORT", "5678") + "/healthz";
      if (worker_serves_health(s)) return add + probe + ")";
      return "an n8n worker serves no HTTP endpoint unless QUEUE_HEALTH_CHECK_ACTIVE=true: set it, then add "
             "healthcheck.test (" + probe + ")";
    }
    default:
      return add + "a request to its health endpoint)";
  }
}

}  // namespace

void check_health(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    const Healthcheck& hc = s.healthcheck;
    if (!one_shot(s) && (!hc.present || (hc.test.empty() && !hc.disabled)) && !hc.disabled)
      ctx.add("compose-no-healthcheck", &s,
              "no health check: a hung container looks healthy and dependants cannot wait for it; " + health_hint(s),
              s.at({"healthcheck"}));
    if (hc.present && !hc.disabled) {
      // Docker runs one probe at a time: it waits `interval`, runs the probe
      // (cut off after `timeout`), then waits `interval` again, so probes never
      // overlap. A timeout as long as the interval only slows down detection.
      double interval = hc.interval_s.value_or(kDockerDefaultInterval);
      double timeout = hc.timeout_s.value_or(kDockerDefaultTimeout);
      int retries = hc.retries.value_or(kDockerDefaultRetries);
      if (timeout >= interval)
        ctx.add("compose-healthcheck-timeout", &s,
                "health check timeout " + secs(timeout) + (hc.timeout_s ? "" : " (Docker's default)") + " is not shorter than its interval " +
                    secs(interval) + (hc.interval_s ? "" : " (Docker's default)") +
                    ": probes run one after another, so a hung one holds the next back and the container is marked unhealthy only after " +
                    std::to_string(retries) + " × (" + secs(interval) + " + " + secs(timeout) + ") = " +
                    secs(retries * (interval + timeout)) + "; a timeout of a few seconds finds a hang sooner",
                s.at({"healthcheck", hc.timeout_s ? "timeout" : "interval"}));
      if (slow_starter(s) && !hc.start_period_s)
        ctx.add("compose-healthcheck-start-period", &s,
                s.name + " starts slowly but its health check has no start_period: failures while it boots count "
                "toward retries; add start_period (e.g. " + std::string(is_n8n(s) ? "60s" : "30s") + ")",
                s.at({"healthcheck"}));
      if (n8n_role(s) == N8nRole::Worker && !worker_serves_health(s) && requests_healthz(hc))
        ctx.add("compose-n8n-worker-health", &s,
                "the health check requests /healthz, but an n8n worker serves it only with "
                "QUEUE_HEALTH_CHECK_ACTIVE=true: the check always fails and services waiting for this one to be "
                "healthy never start; set QUEUE_HEALTH_CHECK_ACTIVE=true",
                s.env_at("QUEUE_HEALTH_CHECK_ACTIVE"));
    }
    for (const auto& [dep, condition] : s.depends_on) {
      const Service* target = ctx.find(dep);
      Location at = s.at({"depends_on", dep});
      if (!target) {
        ctx.add("compose-depends-on-undefined", &s,
                "depends_on names " + dep + ", which is not defined or not enabled by the active profiles", at);
        continue;
      }
      bool healthy = target->healthcheck.present && !target->healthcheck.disabled;
      if (condition == "service_healthy" && !healthy)
        ctx.add("compose-depends-on-no-healthcheck", &s,
                "depends_on " + dep + " with condition service_healthy, but " + dep +
                    " has no health check: `docker compose up` fails",
                at);
      else if (is_database(*target) && condition != "service_healthy")
        ctx.add("compose-depends-on-unhealthy", &s,
                "starts as soon as " + dep + "'s container starts, before the database accepts connections; use "
                "depends_on: {" + dep + ": {condition: service_healthy}}",
                at);
    }
    for (const auto& db : ctx.services)
      if (&db != &s && is_database(db) && !s.depends_on.count(db.name) && refers_to(s, db))
        ctx.add("compose-depends-on-unhealthy", &s,
                s.name + " connects to " + db.name + " but does not depend on it; add depends_on: {" + db.name +
                    ": {condition: service_healthy}}",
                s.at({"depends_on"}));
  }
}

}  // namespace imgslim::compose
