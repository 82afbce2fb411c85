// A Node image without curl (built here from the local node:20-slim, once per
// content fingerprint) whose Compose health check runs curl: `imgslim compose
// --images` reports compose-healthcheck-command-missing, `--fix --images`
// writes a `node -e` check, and the stack with that override becomes healthy
// under `--measure` (real engine).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "stack_support.h"

namespace {

using imgslim::testing::run;
using imgslim::testing::run_imgslim;

const std::string kImage = "imgslim-test/compose-fix-nocurl:1";

std::string dir() { return std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/compose/health-command"; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The context's files and the base image's id: rebuilt only when one changes.
std::string fingerprint() {
  auto r = run({"sh", "-c",
                "cd api && { find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; "
                "docker image inspect -f '{{.Id}}' node:20-slim; } | sha256sum | cut -c1-24"},
               {}, dir());
  REQUIRE_MESSAGE(r.exit_code == 0, "fingerprint failed: " << r.err);
  return trim(r.out);
}

void build_image() {
  const std::string fp = fingerprint();
  auto have = run({"docker", "image", "inspect", "-f", "{{index .Config.Labels \"org.imgslim.test.context\"}}", kImage});
  if (have.exit_code == 0 && trim(have.out) == fp) return;
  const bool buildx = run({"docker", "buildx", "version"}).exit_code == 0;
  auto b = run({"sh", "-c",
                std::string(buildx ? "docker buildx build --load" : "DOCKER_BUILDKIT=1 /usr/bin/docker build") +
                    " --network none -q -t " + kImage + " --label org.imgslim.test.context=" + fp + " api"},
               {}, dir());
  REQUIRE_MESSAGE(b.exit_code == 0, "building " << kImage << " from node:20-slim failed: " << b.err);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("compose-fix: a curl health check on a Node image without curl is an error, --fix writes a node -e check that passes") {
  build_image();
  const std::vector<std::string> host = {"--host-memory", "2G", "--host-cpus", "2"};

  std::vector<std::string> audit = {"compose", "-f", "docker-compose.yml", "--images"};
  audit.insert(audit.end(), host.begin(), host.end());
  auto a = run_imgslim(audit, {}, dir());
  INFO(a.out, a.err);
  CHECK(a.exit_code == 1);
  CHECK(a.out.find("api: the health check runs curl, which image " + kImage + " does not have on its PATH") !=
        std::string::npos);
  CHECK(a.out.find("the image has node -e with fetch, bash's /dev/tcp") != std::string::npos);
  CHECK(a.out.find("[compose-healthcheck-command-missing]") != std::string::npos);

  imgslim::testing::TempDir tmp;
  const std::string override_file = tmp / "docker-compose.imgslim.yml";
  std::vector<std::string> fix = audit;
  fix.insert(fix.end(), {"--fix", "-o", override_file});
  auto f = run_imgslim(fix, {}, dir());
  INFO(f.out, f.err);
  REQUIRE(f.exit_code == 0);
  const std::string yaml = slurp(override_file);
  CHECK(yaml.find("test:  # compose-healthcheck-command-missing: GET http://127.0.0.1:3001/ answers below 500 with "
                  "node -e with fetch, which " + kImage + " has") != std::string::npos);
  CHECK(yaml.find("- node\n") != std::string::npos);
  CHECK(yaml.find("CMD-SHELL") == std::string::npos);
  // Only the test is replaced: the user's timing stays.
  CHECK(yaml.find("interval") == std::string::npos);

  // Audited with the override and the image: nothing left to report.
  std::vector<std::string> again = {"compose", "-f", "docker-compose.yml", "-f", override_file, "--images"};
  again.insert(again.end(), host.begin(), host.end());
  auto g = run_imgslim(again, {}, dir());
  INFO(g.out, g.err);
  CHECK(g.exit_code == 0);
  CHECK(g.out.find("compose-healthcheck-command-missing") == std::string::npos);

  // The stack with the override becomes healthy under the real engine.
  std::vector<std::string> measure = {"compose", "-f", "docker-compose.yml", "-f", override_file, "-p",
                                      "imgslim-test-composefix-health", "--measure", "--timeout", "60", "--format", "json"};
  measure.insert(measure.end(), host.begin(), host.end());
  auto m = run_imgslim(measure, {}, dir());
  INFO(m.out, m.err);
  auto measured = imgslim::builder::stack::test::measure_of(m);
  const auto& api = imgslim::builder::stack::test::service(measured, "api");
  CHECK(api["healthy"] == true);
  CHECK(api["has_healthcheck"] == true);
  CHECK(m.exit_code == 0);
  CHECK(imgslim::builder::stack::test::leftovers("imgslim-test-composefix-health").empty());
}

TEST_CASE("compose-fix: --from-measure on a measured run of the fixture stack sizes each limit from its peak") {
  const std::string dir = imgslim::builder::stack::test::fixture_dir();
  auto m = imgslim::builder::stack::test::measure("docker-compose.yml", "imgslim-test-composefix-measure",
                                                  {"--host-memory", "2G", "--build", "--duration", "2", "--failure-threshold", "none"},
                                                  {"API_PORT=18493"});
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  auto measured = imgslim::builder::stack::test::measure_of(m);
  CHECK(measured["passed"] == true);
  imgslim::testing::TempDir tmp;
  { std::ofstream(tmp / "measure.json") << m.out; }
  auto f = run_imgslim({"compose", "-f", "docker-compose.yml", "--host-memory", "2G", "--host-cpus", "2", "--fix",
                        "--from-measure", tmp / "measure.json", "-o", tmp / "override.yml"},
                       {"API_PORT=18493"}, dir);
  INFO(f.out, f.err);
  REQUIRE(f.exit_code == 0);
  const std::string yaml = slurp(tmp / "override.yml");
  const std::uint64_t step = 16ull << 20;
  for (const char* name : {"store", "api"}) {
    const std::uint64_t peak = imgslim::builder::stack::test::service(measured, name)["peak_memory_bytes"];
    const std::uint64_t limit = std::max(step, (peak + peak * 30 / 100 + step - 1) / step * step);
    INFO(name, " peak ", peak);
    MESSAGE(std::string(name) << ": measured peak " << (peak >> 10) << " KiB -> limit " << (limit >> 20) << " MiB");
    // The service's block holds the limit and the comment that says where it came from.
    auto at = yaml.find("  " + std::string(name) + ":\n");
    REQUIRE(at != std::string::npos);
    CHECK(yaml.find("memory: " + std::to_string(limit >> 20) + "M  # compose-no-memory-limit, sized from measure.json: "
                    "measured peak", at) != std::string::npos);
  }
  CHECK(imgslim::builder::stack::test::leftovers("imgslim-test-composefix-measure").empty());
}
