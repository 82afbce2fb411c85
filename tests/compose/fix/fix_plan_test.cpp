// `imgslim compose --fix` on the users' plan (fixtures/compose/plan): the
// override's values follow docs/compose.md's formulas (computed here, not
// copied from output), the stack with it audits clean, a second --fix adds
// nothing, the output is byte-identical run to run, and a stack that cannot
// fit gets one error and no file.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compose/checks/checks.h"
#include "compose/model/service.h"
#include "compose/model/units.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::fixture;

namespace {

constexpr std::uint64_t MiB = 1024 * 1024;
const std::vector<std::string> kHost = {"--host-memory", "2G", "--host-cpus", "2", "--host-disk", "25G"};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

compose_test::Run fix(const std::vector<std::string>& files, const std::string& out,
                      const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {"compose"};
  for (const auto& f : files) args.insert(args.end(), {"-f", f});
  args.insert(args.end(), kHost.begin(), kHost.end());
  args.insert(args.end(), {"--fix", "-o", out});
  args.insert(args.end(), more.begin(), more.end());
  return compose_test::run_imgslim(args);
}

// The rules whose warnings and errors --fix resolves on this stack.
const std::set<std::string>& owned_rules() {
  static const std::set<std::string> rules = {
      "compose-memory-overcommit", "compose-memory-limit-exceeds-host", "compose-reservations-overcommit",
      "compose-reservation-exceeds-limit", "compose-no-memory-limit", "compose-no-cpu-limit",
      "compose-cpus-exceed-host", "compose-node-heap-exceeds-limit", "compose-node-heap-near-limit",
      "compose-postgres-shared-buffers", "compose-postgres-effective-cache-size",
      "compose-postgres-maintenance-work-mem", "compose-postgres-memory-peak", "compose-postgres-connections",
      "compose-postgres-wal-size", "compose-n8n-concurrency", "compose-n8n-payload", "compose-no-healthcheck",
      "compose-healthcheck-start-period", "compose-healthcheck-command-missing", "compose-depends-on-unhealthy",
      "compose-depends-on-no-healthcheck", "compose-no-restart", "compose-log-unbounded"};
  return rules;
}

// docs/compose.md, "--fix": limit = minimum + ⌊(A − Σ minimums) × weight / Σ weights⌋ (16 MiB steps), ≤ ceiling.
std::uint64_t role_limit(std::uint64_t min, unsigned weight, std::uint64_t max) {
  const std::uint64_t host = 2'000'000'000, reserve = std::max<std::uint64_t>(256 * MiB, host / 10);
  const std::uint64_t available = host - reserve;
  const std::uint64_t mins = (256 + 256 + 128 + 64 + 32) * MiB;
  const std::uint64_t share = (available - mins) * weight / 10 / (16 * MiB) * (16 * MiB);
  return std::min(min + share, max);
}

const Service& service(const std::vector<Service>& all, const std::string& name) {
  auto it = std::find_if(all.begin(), all.end(), [&](const Service& s) { return s.name == name; });
  REQUIRE(it != all.end());
  return *it;
}

std::string arg_value(const std::vector<std::string>& argv, const std::string& name) {
  for (const auto& a : argv)
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  return "";
}

std::string mb(std::uint64_t bytes) { return std::to_string(bytes / MiB) + "MB"; }

}  // namespace

TEST_CASE("compose-fix: the plan's override for 2G follows the formulas and the stack audits clean with it") {
  compose_test::TempDir dir("compose-fix-plan");
  const std::string plan = fixture("plan/docker-compose.yml");
  const std::string out = (dir.path / "docker-compose.imgslim.yml").string();
  const std::string before = slurp(plan);
  auto r = fix({plan}, out);
  INFO(r.out, r.err);
  REQUIRE(r.status == 0);
  CHECK(slurp(plan) == before);  // the user's file is untouched
  const std::string yaml = slurp(out);
  REQUIRE_FALSE(yaml.empty());
  CHECK(r.out.find("wrote " + out) != std::string::npos);

  // The audit of plan + override: no error, no warning --fix owns.
  Report after = compose_test::audit_files({plan, out}, "2G");
  CHECK(after.fits);
  for (const auto& f : after.findings) {
    INFO(f.rule, " ", f.service, ": ", f.message);
    CHECK(f.severity != Severity::Error);
    if (f.severity == Severity::Warning) CHECK_FALSE(owned_rules().count(f.rule));
  }
  CHECK(exit_code(after, 2) == 0);

  // The values, from the formulas.
  auto services = read_services(compose_test::load({plan, out}));
  struct Expect {
    const char* name;
    std::uint64_t min;
    unsigned weight;
    std::uint64_t max;
    double cpus;
  };
  for (const Expect& e : {Expect{"postgres-dev", 256 * MiB, 3, 1024 * MiB, 1.0},
                          Expect{"automation-engine-dev", 256 * MiB, 3, 1024 * MiB, 1.0},
                          Expect{"backend-dev", 128 * MiB, 2, 768 * MiB, 1.0},
                          Expect{"frontend-dev", 64 * MiB, 1, 256 * MiB, 0.5},
                          Expect{"nginx-dev", 32 * MiB, 1, 128 * MiB, 0.5}}) {
    const Service& s = service(services, e.name);
    INFO(e.name);
    CHECK(s.mem_limit == role_limit(e.min, e.weight, e.max));
    CHECK(s.mem_reservation == e.min);
    REQUIRE(s.cpus);
    CHECK(*s.cpus == doctest::Approx(e.cpus));
    CHECK(s.restart == "unless-stopped");
    CHECK(s.logging_options.at("max-size") == "10m");
    CHECK(s.logging_options.at("max-file") == "3");
    CHECK(s.healthcheck.present);
    CHECK(s.healthcheck.timeout_s < s.healthcheck.interval_s);
    CHECK(s.healthcheck.start_period_s.has_value());
  }
  // PostgreSQL: pgtune (web) for the limit M, max_connections C = max(100, pools 10 + 3 reserved).
  const Service& pg = service(services, "postgres-dev");
  const std::uint64_t m = *pg.mem_limit;
  CHECK(arg_value(pg.command, "shared_buffers") == mb(m / 4));
  CHECK(arg_value(pg.command, "effective_cache_size") == mb(m * 3 / 4));
  CHECK(arg_value(pg.command, "maintenance_work_mem") == mb(m / 16));
  // work_mem: pgtune's (M − M/4) ÷ ((C + 8) × 3), at least 4 MB; lowered (whole MB) when the worst case
  // shared_buffers + wal_buffers + C × work_mem + (1 + 3 autovacuum workers) × maintenance_work_mem is above M.
  const std::uint64_t kb = m / 1024, shared_kb = kb / 4, wal_kb = std::min<std::uint64_t>(shared_kb * 3 / 100, 16384);
  std::uint64_t work_kb = std::max<std::uint64_t>((kb - shared_kb) / ((100 + 8) * 3), 4096);
  const std::uint64_t fixed_kb = shared_kb + wal_kb + 4 * (kb / 16);
  if (fixed_kb + 100 * work_kb > kb) work_kb = (kb - fixed_kb) / 100 / 1024 * 1024;
  CHECK(arg_value(pg.command, "work_mem") == (work_kb % 1024 ? std::to_string(work_kb) + "kB" : std::to_string(work_kb / 1024) + "MB"));
  CHECK(arg_value(pg.command, "wal_buffers") == std::to_string(wal_kb) + "kB");
  CHECK(arg_value(pg.command, "max_connections") == "100");
  CHECK(arg_value(pg.command, "max_wal_size") == "2GB");  // 10 % of 25 GB, whole GB
  CHECK(arg_value(pg.command, "min_wal_size") == "512MB");
  CHECK(pg.command.front() == "postgres");
  CHECK(pg.healthcheck.test.at(0) == "CMD-SHELL");
  CHECK(pg.healthcheck.test.at(1).rfind("pg_isready", 0) == 0);
  // n8n: concurrency = V8's default heap for its limit (half) ÷ (2 × 16 MiB payloads).
  const Service& n8n = service(services, "automation-engine-dev");
  CHECK(n8n.environment.at("N8N_CONCURRENCY_PRODUCTION_LIMIT") ==
        std::to_string(std::min<std::uint64_t>(20, *n8n.mem_limit / 2 / (32 * MiB))));
  CHECK(n8n.healthcheck.test == std::vector<std::string>{"CMD", "node", "-e",
                                                         "fetch('http://127.0.0.1:5678/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"});
  // Services that use the database wait for it to be healthy.
  CHECK(n8n.depends_on.at("postgres-dev") == "service_healthy");
  CHECK(service(services, "backend-dev").depends_on.at("postgres-dev") == "service_healthy");
  CHECK(service(services, "nginx-dev").depends_on.at("backend-dev") == "service_started");
  // Every value carries its rule in a comment.
  CHECK(yaml.find("# compose-no-memory-limit: database: 256 MiB minimum + 3/10 of the") != std::string::npos);
  CHECK(yaml.find("# compose-postgres-tuning: pgtune (web) for the " + format_mib(m) + " limit") != std::string::npos);
  CHECK(yaml.find("# syntax") == std::string::npos);

  // Deterministic: the same input gives the same bytes.
  std::filesystem::create_directories(dir.path / "again");
  const std::string again = (dir.path / "again" / "docker-compose.imgslim.yml").string();
  REQUIRE(fix({plan}, again).status == 0);
  CHECK(slurp(again) == yaml);

  // A second --fix on plan + override adds nothing and writes nothing.
  const std::string second = (dir.path / "second.yml").string();
  auto r2 = fix({plan, out}, second);
  INFO(r2.out, r2.err);
  CHECK(r2.status == 0);
  CHECK(r2.out.find("nothing to add") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(second));
}

TEST_CASE("compose-fix: -o - prints the override, the steps go to stderr") {
  auto r = fix({fixture("plan/docker-compose.yml")}, "-");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("# Written by `imgslim compose --fix`", 0) == 0);
  CHECK(r.out.find("services:\n  postgres-dev:\n") != std::string::npos);
  CHECK(r.err.find("left for you") != std::string::npos);
  CHECK(r.err.find("[compose-nginx-proxy-timeouts]") != std::string::npos);
}

TEST_CASE("compose-fix: a stack that cannot fit gets one error naming the shortfall and no file") {
  compose_test::TempDir dir("compose-fix-cannot-fit");
  const std::string out = (dir.path / "override.yml").string();
  std::vector<std::string> args = {"compose", "-f", fixture("plan/docker-compose.yml"), "--host-memory", "900M",
                                   "--fix", "-o", out};
  auto r = compose_test::run_imgslim(args);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  // 900 MB = 858 MiB, minus 256 MiB = 602 MiB for containers; the minimums total 736 MiB.
  CHECK(r.err.find("cannot fit a 900M (858 MiB) host, nothing written: the services need at least 736 MiB") !=
        std::string::npos);
  CHECK(r.err.find("over by 134 MiB") != std::string::npos);
  CHECK(r.err.find("move postgres-dev (256 MiB)") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.rfind("imgslim: ", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("compose-fix: --from-measure sizes limits from the measured peaks and says so") {
  compose_test::TempDir dir("compose-fix-measured");
  const std::string measure = dir.write("measure.json", R"({"measure": {"services": [
    {"name": "postgres-dev", "peak_memory_bytes": 104857600},
    {"name": "automation-engine-dev", "peak_memory_bytes": 314572800},
    {"name": "backend-dev", "peak_memory_bytes": 52428800},
    {"name": "frontend-dev", "peak_memory_bytes": 20971520},
    {"name": "nginx-dev", "peak_memory_bytes": 8388608}]}})");
  const std::string plan = fixture("plan/docker-compose.yml");
  const std::string out = (dir.path / "override.yml").string();
  auto r = fix({plan}, out, {"--from-measure", measure});
  INFO(r.out, r.err);
  REQUIRE(r.status == 0);
  auto services = read_services(compose_test::load({plan, out}));
  // peak + 30 %, rounded up to 16 MiB, at least 16 MiB; not the role's share.
  auto sized = [](std::uint64_t peak) {
    std::uint64_t v = (peak + peak * 30 / 100 + 16 * MiB - 1) / (16 * MiB) * (16 * MiB);
    return std::max(v, 16 * MiB);
  };
  CHECK(service(services, "postgres-dev").mem_limit == sized(100 * MiB));
  CHECK(service(services, "automation-engine-dev").mem_limit == sized(300 * MiB));
  CHECK(service(services, "backend-dev").mem_limit == sized(50 * MiB));
  CHECK(service(services, "frontend-dev").mem_limit == sized(20 * MiB));
  CHECK(service(services, "nginx-dev").mem_limit == sized(8 * MiB));
  CHECK(slurp(out).find("sized from measure.json: measured peak 300 MiB + 30 % headroom") != std::string::npos);
  Report after = compose_test::audit_files({plan, out}, "2G");
  for (const auto& f : after.findings) CHECK(f.severity != Severity::Error);
}

TEST_CASE("compose-fix: the whole plan (sections 2 to 6) with its comment-laden postgres command") {
  compose_test::TempDir dir("compose-fix-whole-plan");
  std::vector<std::string> files;
  for (const char* f : {"docker-compose.yml", "section2-limits.yml", "section3-postgres.yml", "section4-n8n.yml",
                        "section6-healthchecks.yml"})
    files.push_back(fixture(std::string("plan/") + f));
  const std::string out = (dir.path / "docker-compose.imgslim.yml").string();
  auto r = fix(files, out);
  INFO(r.out, r.err);
  REQUIRE(r.status == 0);
  std::vector<std::string> with = files;
  with.push_back(out);
  Report after = compose_test::audit_files(with, "2G");
  CHECK(after.fits);
  for (const auto& f : after.findings) {
    INFO(f.rule, " ", f.service, ": ", f.message);
    CHECK(f.severity != Severity::Error);
    // Every warning left is listed after writing.
    if (f.severity == Severity::Warning) CHECK(r.out.find(f.message + " [" + f.rule + "]") != std::string::npos);
  }
  auto services = read_services(compose_test::load(with));
  // The user's limits overcommit the host: all are apportioned by role.
  CHECK(service(services, "postgres-dev").mem_limit == role_limit(256 * MiB, 3, 1024 * MiB));
  // n8n: the heap at 75 % of the new limit, the user's other NODE_OPTIONS flag kept, and the
  // concurrency sized from that heap and the user's 64 MiB payloads.
  const Service& n8n = service(services, "automation-engine-dev");
  const std::uint64_t heap_mib = *n8n.mem_limit * 3 / 4 / MiB;
  CHECK(n8n.environment.at("NODE_OPTIONS") == "--optimize-for-size --max-old-space-size=" + std::to_string(heap_mib));
  CHECK(n8n.environment.at("N8N_CONCURRENCY_PRODUCTION_LIMIT") == std::to_string(heap_mib / (2 * 64)));
  // PostgreSQL: the comment text of the string command is gone, the user's own settings stay,
  // max_connections = pools (20 + 10) + 3 reserved.
  const Service& pg = service(services, "postgres-dev");
  for (const auto& a : pg.command) CHECK(a.find('#') == std::string::npos);
  CHECK(arg_value(pg.command, "autovacuum_naptime") == "300s");
  CHECK(arg_value(pg.command, "max_connections") == "33");
  CHECK(compose_test::findings_of(after, "compose-command-string").empty());
  // A second --fix adds nothing.
  const std::string second = (dir.path / "second.yml").string();
  auto r2 = fix(with, second);
  CHECK(r2.status == 0);
  CHECK(r2.out.find("nothing to add") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(second));
}

TEST_CASE("compose-fix: bad input is one error line, exit 2, nothing written") {
  compose_test::TempDir dir("compose-fix-bad-input");
  const std::string plan = dir.write("docker-compose.yml", slurp(fixture("plan/docker-compose.yml")));
  const std::string before = slurp(plan);
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::string measure = dir.write("measure.json", "{}");
  const std::string out = (dir.path / "out.yml").string();
  for (const Case& c : {Case{{"compose", "-f", plan, "--fix", "-o", out}, "imgslim: --fix: needs --host-memory"},
                        Case{{"compose", "-f", plan, "--host-memory", "2G", "--fix", "-o", plan},
                             "imgslim: " + plan + ": is one of the Compose files loaded"},
                        Case{{"compose", "-f", plan, "--host-memory", "2G", "--fix", "--from-measure", measure, "-o", out},
                             "imgslim: " + measure + ": no measure.services[]"},
                        Case{{"compose", "-f", plan, "--host-memory", "2G", "--from-measure", measure},
                             "imgslim: --from-measure: only meaningful with --fix"}}) {
    auto r = compose_test::run_imgslim(c.args);
    INFO(c.error, " | ", r.err);
    CHECK(r.status == 2);
    CHECK(r.err.rfind(c.error, 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(slurp(plan) == before);
  }
}
