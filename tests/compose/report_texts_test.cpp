// The words of the report (issue #29.8): plurals, and a first line that never
// says "fits:" when the run fails or when there is no host to fit.
#include <doctest/doctest.h>

#include "tests/compose/compose_test_util.h"

using compose_test::fixture;
using compose_test::run_imgslim;

namespace {

std::string first_line(const std::string& out) { return out.substr(0, out.find('\n')); }

}  // namespace

TEST_CASE("report texts: an error outside the budget fails without a fits: headline") {
  auto r = run_imgslim({"compose", "-f", fixture("health/depends-no-healthcheck.yml"), "--host-memory", "2G",
                        "--host-cpus", "2"});
  CHECK(r.status == 1);
  std::string head = first_line(r.out);
  CHECK(head.rfind("fails: 1 error (api: depends_on worker with condition service_healthy", 0) == 0);
  CHECK(head.find("memory limits total 384 MiB") != std::string::npos);
  CHECK(r.out.find("\n1 error, ") != std::string::npos);
  CHECK(r.out.find("1 errors") == std::string::npos);

  // Markdown marks the failed run as such.
  auto md = run_imgslim({"compose", "-f", fixture("health/depends-no-healthcheck.yml"), "--host-memory", "2G",
                         "--format", "markdown"});
  CHECK(md.status == 1);
  CHECK(md.out.rfind("### ❌ fails: ", 0) == 0);

  // Whether the loader or the audit rejects an undefined dependency, never "fits:" with exit 1.
  auto undefined = run_imgslim({"compose", "-f", fixture("health/depends-undefined.yml"), "--host-memory", "2G"});
  CHECK(undefined.status != 0);
  CHECK_FALSE(undefined.out.rfind("fits", 0) == 0);

  // Warnings fail the run at --failure-threshold warning: the headline says so too.
  auto strict = run_imgslim({"compose", "-f", fixture("plan/section2-limits.yml"), "--host-memory", "3G",
                             "--failure-threshold", "warning"});
  CHECK(strict.status == 1);
  CHECK(first_line(strict.out).rfind("fails: ", 0) == 0);
  CHECK(first_line(strict.out).find(" warnings (first: ") != std::string::npos);
}

TEST_CASE("report texts: no host, no fits: headline, and one of everything is singular") {
  auto r = run_imgslim({"compose", "-f", fixture("health/docker-defaults.yml")});
  CHECK(r.status == 0);
  CHECK(first_line(r.out) == "no --host-memory given; memory limits total 512 MiB across 1 service");
  CHECK(first_line(r.out).find("fits") == std::string::npos);

  auto bare = run_imgslim({"compose", "-f", fixture("findings/compose-no-memory-limit.yml"), "--host-memory", "2G"});
  CHECK(bare.status == 1);
  CHECK(first_line(bare.out).find("1 of 1 service has no memory limit") != std::string::npos);
  CHECK(bare.out.find("1 services") == std::string::npos);
}

TEST_CASE("report texts: with one-letter service names every header of the budget table stays apart") {
  compose_test::TempDir dir("report-texts-short-names");
  const std::string file = dir.write("c.yml", "services:\n  a:\n    image: x\n    restart: unless-stopped\n");
  auto r = run_imgslim({"compose", "-f", file, "--host-memory", "2G"});
  auto at = r.out.find("\nSERVICE");
  REQUIRE(at != std::string::npos);
  const std::string header = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  // Each column header is followed by at least two spaces (the last ends the line).
  for (const char* h : {"SERVICE", "MEMORY", "RESERVED", "CPUS", "HEAP", "HEALTH", "RESTART"}) {
    INFO(header);
    auto p = header.find(std::string(h) + "  ");
    CHECK(p != std::string::npos);
  }
  CHECK(header.substr(header.size() - 4) == "LOGS");
  // Values line up under their headers.
  const std::string row = r.out.substr(r.out.find("\na ") + 1, header.size());
  CHECK(row.find("unless-stopped") == header.find("RESTART"));
}
