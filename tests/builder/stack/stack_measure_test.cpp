// `imgslim compose --measure` against the real engine on the fixture stacks:
// a healthy two-service stack (depends_on service_healthy, a named volume, a
// bind mount, the project network, a published port under load), an OOM
// kill, a health check that never passes, and the teardown after each.
#include <doctest/doctest.h>

#include <chrono>

#include "stack_support.h"

using namespace imgslim::builder::stack::test;

TEST_CASE("stack: two services with depends_on service_healthy come up, report startup and peak memory, leave nothing") {
  const std::string project = "imgslim-test-stack-up";
  auto r = measure("docker-compose.slim.yml", project,
                   {"--host-memory", "2G", "--duration", "2", "--load", "http://127.0.0.1:18621/", "--requests", "40",
                    "--concurrency", "4"},
                   {"API_PORT=18621"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto m = measure_of(r);
  CHECK(m["passed"] == true);
  const auto& store = service(m, "store");
  const auto& api = service(m, "api");
  for (const auto* s : {&store, &api}) {
    INFO((*s)["name"]);
    CHECK((*s)["healthy"] == true);
    CHECK((*s)["has_healthcheck"] == true);
    CHECK((*s)["oom_killed"] == false);
    CHECK((*s)["restarts"] == 0);
    CHECK((*s)["state"] == "running");
    CHECK((*s)["startup_seconds"].get<double>() > 0);
    CHECK((*s)["startup_seconds"].get<double>() < 60);
    // Node under a 64/96 MiB limit: more than a few MiB, never above the limit.
    CHECK((*s)["peak_memory_bytes"].get<std::uint64_t>() > (8u << 20));
    CHECK((*s)["peak_memory_bytes"].get<std::uint64_t>() <= (*s)["memory_limit_bytes"].get<std::uint64_t>());
    CHECK((*s)["cpu_seconds"].get<double>() > 0);
  }
  // The store starts slowly (500 ms) and the api waits for its health check.
  CHECK(store["healthy_seconds"].get<double>() >= 0.5);
  CHECK(api["start_offset_seconds"].get<double>() >= store["healthy_seconds"].get<double>());
  CHECK(m["stack"]["all_healthy_seconds"].get<double>() >= api["healthy_seconds"].get<double>());
  CHECK(m["stack"]["peak_memory_bytes"].get<std::uint64_t>() > (16u << 20));
  CHECK(m["stack"]["fits_host"] == true);
  CHECK(m["stack"]["host_available_bytes"].get<std::uint64_t>() == 2'000'000'000ull - (256ull << 20));
  CHECK(m["stack"]["images_bytes"].get<std::uint64_t>() > (100u << 20));
  // Every request went through the api to the store over the project network.
  REQUIRE(m["load"].is_object());
  CHECK(m["load"]["requests"] == 40);
  CHECK(m["load"]["errors"] == 0);
  CHECK(m["load"]["p50_ms"].get<double>() > 0);
  CHECK(m["load"]["p99_ms"].get<double>() >= m["load"]["p50_ms"].get<double>());
  CHECK(m["teardown"] == "removed 2 containers, 1 network, 1 volume");
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: a service far over its memory limit is OOM-killed, reported, exit 1, leaves nothing") {
  const std::string project = "imgslim-test-stack-oom";
  auto r = measure("oom.yml", project, {"--duration", "5"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto m = measure_of(r);
  const auto& hog = service(m, "hog");
  CHECK(hog["oom_killed"] == true);
  CHECK(hog["healthy"] == false);
  CHECK(hog["state"] == "exited");
  CHECK(hog["exit_code"] == 137);
  CHECK(hog["peak_memory_bytes"].get<std::uint64_t>() >= (24u << 20));
  CHECK(m["failures"].dump().find("hog was OOM-killed") != std::string::npos);
  CHECK(m["passed"] == false);
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: a service that never gets healthy times out, exit 1, its dependent never starts, leaves nothing") {
  const std::string project = "imgslim-test-stack-unhealthy";
  auto start = std::chrono::steady_clock::now();
  auto r = measure("never-healthy.yml", project, {"--timeout", "8"});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto m = measure_of(r);
  const auto& stuck = service(m, "stuck");
  CHECK(stuck["healthy"] == false);
  CHECK(stuck["has_healthcheck"] == true);
  CHECK(stuck["started"] == true);
  CHECK(stuck["healthy_seconds"].is_null());
  CHECK(stuck["problem"].get<std::string>().find("the last probe exited with 1") != std::string::npos);
  const auto& web = service(m, "web");
  CHECK(web["started"] == false);
  CHECK(web["problem"].get<std::string>().find("stuck") != std::string::npos);
  CHECK(m["stack"]["all_healthy_seconds"].is_null());
  CHECK(m["stack"]["observed_seconds"].get<double>() >= 8);
  CHECK(took < 60);
  CHECK(leftovers(project).empty());
}

TEST_CASE("stack: a one-off job that exits 0 lets service_completed_successfully dependents start") {
  const std::string project = "imgslim-test-stack-oneoff";
  auto r = measure("one-off.yml", project, {"--duration", "1"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto m = measure_of(r);
  const auto& migrate = service(m, "migrate");
  CHECK(migrate["state"] == "exited");
  CHECK(migrate["exit_code"] == 0);
  CHECK(migrate["healthy"] == true);
  const auto& app = service(m, "app");
  CHECK(app["state"] == "running");
  CHECK(app["start_offset_seconds"].get<double>() >= 0.5);  // after the job's 500 ms
  CHECK(m["passed"] == true);
  CHECK(leftovers(project).empty());
}
