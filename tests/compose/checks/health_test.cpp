// Health checks as the engine runs them: one probe at a time (the next
// interval starts when the probe ends), so timeout >= interval is a hint,
// never an error; n8n workers answer /healthz only with QUEUE_HEALTH_CHECK_ACTIVE.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compose/checks/rules.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::audit_files;
using compose_test::findings_of;
using compose_test::fixture;
using compose_test::run_imgslim;

TEST_CASE("health: Docker's default 30s / 30s is an info hint, the stack passes") {
  Report r = audit_files({fixture("health/docker-defaults.yml")});
  auto hint = findings_of(r, "compose-healthcheck-timeout");
  REQUIRE(hint.size() == 1);
  CHECK(hint[0]->severity == Severity::Info);
  CHECK(rule("compose-healthcheck-timeout").severity == Severity::Info);
  // Docker (daemon/health.go) waits the interval, runs the probe up to the timeout, then waits again.
  CHECK(hint[0]->message.find("3 × (30s + 30s) = 180s") != std::string::npos);
  CHECK(hint[0]->message.find("overlap") == std::string::npos);
  auto run = run_imgslim({"compose", "-f", fixture("health/docker-defaults.yml"), "--host-memory", "2G",
                          "--host-cpus", "2", "--host-disk", "25G"});
  CHECK(run.status == 0);
  CHECK(run.out.rfind("fits: ", 0) == 0);
}

TEST_CASE("health: n8n's published stack with PostgreSQL (5s / 5s checks) and limits exits 0") {
  const std::string file = fixture("n8n/with-postgres/docker-compose.yml");
  auto run = run_imgslim({"compose", "-f", file, "--host-memory", "2G", "--host-cpus", "2", "--host-disk", "25G",
                          "--format", "json"});
  REQUIRE_MESSAGE(run.status == 0, (run.out + run.err));
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["fits"] == true);
  CHECK(j["verdict"].get<std::string>().rfind("fits: ", 0) == 0);
  CHECK(j["passed"] == true);
  for (const auto& f : j["findings"]) {
    INFO(f["rule"].get<std::string>() << ": " << f["message"].get<std::string>());
    CHECK(f["severity"] != "error");
  }
  // The 5s / 5s check is only a hint, on PostgreSQL.
  int hints = 0;
  for (const auto& f : j["findings"])
    if (f["rule"] == "compose-healthcheck-timeout") {
      ++hints;
      CHECK(f["severity"] == "info");
      CHECK(f["service"] == "postgres");
    }
  CHECK(hints == 1);
  // n8n's main process serves /healthz: that is the check to add.
  Report r = audit_files({file});
  bool n8n_hint = false;
  for (const auto* f : findings_of(r, "compose-no-healthcheck"))
    if (f->service == "n8n") {
      n8n_hint = true;
      CHECK(f->message.find("wget -qO- http://localhost:5678/healthz") != std::string::npos);
    }
  CHECK(n8n_hint);
}

TEST_CASE("health: an n8n worker checks /healthz only with QUEUE_HEALTH_CHECK_ACTIVE=true") {
  const std::string base = fixture("n8n/with-worker/docker-compose.yml");
  // Active and checked: nothing to say about the worker's health.
  Report ok = audit_files({base});
  CHECK(findings_of(ok, "compose-n8n-worker-health").empty());
  for (const auto* f : findings_of(ok, "compose-no-healthcheck")) CHECK(f->service != "n8n-worker");

  // Inactive: the worker serves no HTTP, its /healthz check always fails.
  Report off = audit_files({base, fixture("n8n/with-worker/worker-health-off.yml")});
  auto dead = findings_of(off, "compose-n8n-worker-health");
  REQUIRE(dead.size() == 1);
  CHECK(dead[0]->service == "n8n-worker");
  CHECK(dead[0]->severity == Severity::Warning);
  CHECK(dead[0]->where.file == fixture("n8n/with-worker/worker-health-off.yml"));
  CHECK(dead[0]->where.line == 5);

  // No check, active: check /healthz. No check, inactive: turn the endpoint on first.
  auto worker_hint = [](const Report& r) {
    for (const auto* f : findings_of(r, "compose-no-healthcheck"))
      if (f->service == "n8n-worker") return f->message;
    return std::string();
  };
  std::string active = worker_hint(audit_files({base, fixture("n8n/with-worker/worker-no-check.yml")}));
  CHECK(active.find("add healthcheck.test (wget -qO- http://localhost:5678/healthz)") != std::string::npos);
  CHECK(active.find("QUEUE_HEALTH_CHECK_ACTIVE") == std::string::npos);
  std::string inactive = worker_hint(audit_files({base, fixture("n8n/with-worker/worker-health-off.yml"),
                                                  fixture("n8n/with-worker/worker-no-check.yml")}));
  CHECK(inactive.find("serves no HTTP endpoint unless QUEUE_HEALTH_CHECK_ACTIVE=true: set it") != std::string::npos);
  CHECK(findings_of(audit_files({base, fixture("n8n/with-worker/worker-health-off.yml"),
                                 fixture("n8n/with-worker/worker-no-check.yml")}),
                    "compose-n8n-worker-health")
            .empty());
}
