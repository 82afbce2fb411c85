// The compose fragments of the users' plan (../shared/seed/), reproduced in
// fixtures/compose/plan/, against the VPS they were written for.
#include <doctest/doctest.h>

#include <algorithm>

#include "compose/checks/rules.h"
#include "compose_test_util.h"

using namespace imgslim::compose;
using compose_test::audit_files;
using compose_test::findings_of;
using compose_test::fixture;

namespace {

constexpr std::uint64_t MiB = 1024 * 1024;

int errors_of_budget(const Report& r) {
  return static_cast<int>(std::count_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
    return f.severity == Severity::Error && rule(f.rule).budget;
  }));
}

}  // namespace

TEST_CASE("plan: section 2 limits total 1984 MiB and do not fit a 2 GB host") {
  Report r = audit_files({fixture("plan/section2-limits.yml")}, "2G");
  CHECK(r.budget.total_limits == 1984 * MiB);
  CHECK(r.budget.total_reservations == 912 * MiB);
  CHECK(r.budget.total_cpus == doctest::Approx(4.1));
  CHECK_FALSE(r.fits);
  CHECK(r.verdict.rfind("does not fit", 0) == 0);
  auto over = findings_of(r, "compose-memory-overcommit");
  REQUIRE(over.size() == 1);
  CHECK(over[0]->severity == Severity::Error);
  CHECK(over[0]->message.find("1984 MiB") != std::string::npos);
  // Points at the largest limit: automation-engine-dev's `memory: 768M`.
  CHECK(over[0]->where.line == 22);
  CHECK(exit_code(r, 2) == 1);
  // Even a 2 GiB host lacks room once the OS and Docker take their share.
  Report gib = audit_files({fixture("plan/section2-limits.yml")}, "2GiB");
  CHECK_FALSE(gib.fits);
}

TEST_CASE("plan: section 2 limits fit a 3 GB host") {
  Report r = audit_files({fixture("plan/section2-limits.yml")}, "3G");
  CHECK(r.fits);
  CHECK(r.verdict.rfind("fits", 0) == 0);
  CHECK(errors_of_budget(r) == 0);
  CHECK(findings_of(r, "compose-memory-overcommit").empty());
  CHECK(exit_code(r, 2) == 0);
}

TEST_CASE("plan: section 4's n8n heap (1024 MB) under section 2's 768 MB limit") {
  Report r = audit_files({fixture("plan/section2-limits.yml"), fixture("plan/section4-n8n.yml")}, "3G");
  auto heap = findings_of(r, "compose-node-heap-exceeds-limit");
  REQUIRE(heap.size() == 1);
  CHECK(heap[0]->service == "automation-engine-dev");
  CHECK(heap[0]->severity == Severity::Error);
  CHECK(heap[0]->where.file == fixture("plan/section4-n8n.yml"));
  CHECK(heap[0]->where.line == 8);
  CHECK(heap[0]->message.find("--max-old-space-size=576") != std::string::npos);
  CHECK(exit_code(r, 2) == 1);
  // N8N_CONCURRENCY is not an n8n setting, so concurrency is in fact unlimited.
  CHECK(findings_of(r, "compose-n8n-concurrency").size() == 1);
  CHECK(findings_of(r, "compose-n8n-unknown-setting").size() == 2);
  CHECK(findings_of(r, "compose-n8n-payload").size() == 2);  // the two 1 GiB buffers
  // Section 2's own heaps are fine: 512 of 768 MiB, 192 of 256 MiB.
  Report alone = audit_files({fixture("plan/section2-limits.yml")}, "3G");
  CHECK(findings_of(alone, "compose-node-heap-exceeds-limit").empty());
  CHECK(findings_of(alone, "compose-node-heap-near-limit").empty());
}

TEST_CASE("plan: the optimized override fails on 2 GB naming PostgreSQL and n8n") {
  Report r = audit_files({fixture("plan/docker-compose.yml"), fixture("plan/section2-limits.yml"),
                          fixture("plan/section3-postgres.yml"), fixture("plan/section4-n8n.yml"),
                          fixture("plan/section6-healthchecks.yml"), fixture("plan/docker-compose.optimized.yml")},
                         "2G");
  CHECK_FALSE(r.fits);
  CHECK(r.budget.total_limits == (2048 + 1536 + 512 + 384 + 64) * MiB);
  auto over = findings_of(r, "compose-memory-overcommit");
  REQUIRE(over.size() == 1);
  CHECK(over[0]->message.find("postgres-dev 2048 MiB") != std::string::npos);
  CHECK(over[0]->message.find("automation-engine-dev 1536 MiB") != std::string::npos);
  auto exceeds = findings_of(r, "compose-memory-limit-exceeds-host");
  REQUIRE(exceeds.size() == 1);
  CHECK(exceeds[0]->service == "postgres-dev");
  CHECK(exceeds[0]->where.file == fixture("plan/docker-compose.optimized.yml"));
  CHECK(exceeds[0]->where.line == 13);  // memory: 2G
  // The override mounts postgresql.conf where the official image never reads it.
  auto conf = findings_of(r, "compose-postgres-config-not-loaded");
  REQUIRE(conf.size() == 1);
  CHECK(conf[0]->where.line == 19);
  CHECK(exit_code(r, 2) == 1);
}

TEST_CASE("plan: PostgreSQL section 3 settings against its 512 MB limit") {
  Report r = audit_files({fixture("plan/docker-compose.yml"), fixture("plan/section2-limits.yml"),
                          fixture("plan/section3-postgres.yml"), fixture("plan/section4-n8n.yml")},
                         "3G");
  // 25 connections minus 3 reserved cannot serve n8n's pool of 20 plus the backend's 10.
  auto conns = findings_of(r, "compose-postgres-connections");
  REQUIRE(conns.size() == 1);
  CHECK(conns[0]->message.find("30 connections") != std::string::npos);
  CHECK(findings_of(r, "compose-postgres-effective-cache-size").empty());  // 256MB < 512 MiB
  CHECK(findings_of(r, "compose-postgres-memory-peak").empty());
  auto tuning = findings_of(r, "compose-postgres-tuning");
  REQUIRE(tuning.size() == 1);
  CHECK(tuning[0]->message.find("shared_buffers=128MB effective_cache_size=384MB") != std::string::npos);
  // Without section 3, PostgreSQL's default effective_cache_size (4GB) exceeds 512 MiB.
  Report defaults = audit_files({fixture("plan/docker-compose.yml"), fixture("plan/section2-limits.yml")}, "3G");
  CHECK(findings_of(defaults, "compose-postgres-effective-cache-size").size() == 1);
}

TEST_CASE("plan: the stack before the plan has no limits at all") {
  Report r = audit_files({fixture("plan/docker-compose.yml")}, "2G");
  CHECK_FALSE(r.fits);
  CHECK(findings_of(r, "compose-no-memory-limit").size() == 5);
  CHECK(r.verdict.find("5 of 5 services have no memory limit") != std::string::npos);
}

TEST_CASE("good stack: sound limits, heaps, health checks, logs and restarts exit 0") {
  Report r = audit_files({fixture("good/docker-compose.yml")}, "2G");
  CHECK(r.fits);
  for (const auto& f : r.findings) {
    INFO(f.rule << ": " << f.message);
    CHECK(f.severity == Severity::Info);
  }
  CHECK(exit_code(r, 2) == 0);
  CHECK(exit_code(r, 1) == 0);
  CHECK(r.budget.total_limits == (448 + 512 + 256 + 64 + 64) * MiB);
  CHECK(r.budget.logs_bytes == 5 * 30'000'000ull);
}
