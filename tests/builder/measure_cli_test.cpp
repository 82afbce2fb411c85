// `imgslim rewrite REFERENCE --measure --format json` end to end: the built
// binary rewrites the reference Dockerfiles, builds every variant with the
// real engine (the build cache makes repeated runs cheap), smoke-checks and
// analyzes each image; the JSON says what was measured.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "builder_support.h"
#include "tests/run_command.h"

using nlohmann::json;
using imgslim::testing::run_imgslim;

namespace {

json measure(const std::vector<std::string>& args, int expected_exit) {
  auto r = run_imgslim(args);
  INFO("stderr:\n" << r.err);
  INFO("stdout:\n" << r.out);
  REQUIRE(r.exit_code == expected_exit);
  auto j = json::parse(r.out);
  REQUIRE(j["schema_version"] == 1);
  return j;
}

const json& variant(const json& report, const std::string& name) {
  for (const auto& v : report["variants"])
    if (v["name"] == name) return v;
  FAIL("no variant " << name);
  static json none;
  return none;
}

std::uint64_t category(const json& v, const std::string& id) { return v["categories"].at(id).get<std::uint64_t>(); }

// Every variant built, passed its smoke check and was analyzed; categories
// add up to no more than the image (the engine's size counts each file once
// per layer, like the scan).
void check_all_measured(const json& report) {
  CHECK(report["ok"] == true);
  for (const auto& v : report["variants"]) {
    INFO("variant " << v["name"]);
    CHECK(v["built"] == true);
    CHECK(v["smoke"]["ok"] == true);
    CHECK(v["smoke"]["startup_seconds"].get<double>() > 0);
    CHECK(v["smoke"]["memory_bytes"].get<std::uint64_t>() > 100'000);
    CHECK(v["build_seconds"].get<double>() > 0);
    REQUIRE(v["categories"].size() == 8);
    std::uint64_t sum = 0;
    for (const auto& [_, bytes] : v["categories"].items()) sum += bytes.get<std::uint64_t>();
    CHECK(sum > v["size_bytes"].get<std::uint64_t>() * 9 / 10);
    CHECK(sum < v["size_bytes"].get<std::uint64_t>() * 11 / 10);
  }
}

}  // namespace

TEST_CASE("measure cli: rewrite backend.Dockerfile --measure, every variant works, all-rules under 30 %") {
  auto engine = imgslim::builder::make_docker_engine();
  imgslim::builder::test::require_prerequisites(*engine);
  // No --context and no --smoke-url: dockerfiles/templates/compose.yaml names the
  // context, the app's source its /health route.
  auto report = measure({"rewrite", imgslim::builder::test::source("dockerfiles/templates/backend.Dockerfile"), "--measure",
                         "--init-from", "imgslim/dumb-init:1", "--format", "json"},
                        0);
  check_all_measured(report);
  const auto& original = variant(report, "original");
  const auto& all = variant(report, "all");
  CHECK(report["variants"].size() >= 5);
  CHECK(original["smoke"]["method"] == "url");
  CHECK(original["smoke"]["uid"] == 0);
  CHECK(category(original, "dev-deps") > 50'000'000);  // compiler, test runner, linter
  CHECK(category(original, "pm-cache") > 1'000'000);   // the npm cache

  CHECK(all["size_bytes"].get<std::uint64_t>() * 100 <= original["size_bytes"].get<std::uint64_t>() * 30);
  CHECK(all["delta_bytes"].get<std::int64_t>() < 0);
  CHECK(category(all, "dev-deps") == 0);
  CHECK(category(all, "pm-cache") == 0);
  CHECK(category(all, "build-tooling") < category(original, "build-tooling"));
  CHECK(all["smoke"]["user"] != "root");
  CHECK(all["smoke"]["uid"].get<long>() != 0);
  CHECK(all["smoke"]["main_process"] == "dumb-init");
  CHECK(original["smoke"]["main_process"] == "npm");
  // --runtime minimal is measured too, and prune-modules' bytes are reported (issue #25).
  const auto& minimal = variant(report, "minimal");
  CHECK(minimal["ok"] == true);
  CHECK(minimal["smoke"]["uid"] == 1000);
  CHECK(minimal["size_bytes"].get<std::uint64_t>() < all["size_bytes"].get<std::uint64_t>());
  CHECK(variant(report, "all-but-prune-modules")["ok"] == true);
  REQUIRE(report.contains("rule_savings"));
  CHECK(report["rule_savings"].contains("prune-modules"));
}

TEST_CASE("measure cli: rewrite frontend.Dockerfile --measure, all-rules under 15 % behind nginx") {
  auto engine = imgslim::builder::make_docker_engine();
  imgslim::builder::test::require_prerequisites(*engine);
  auto report = measure({"rewrite", imgslim::builder::test::source("dockerfiles/templates/frontend.Dockerfile"), "--context",
                         imgslim::builder::test::source("fixtures/apps/frontend"), "--measure", "--init-from",
                         "imgslim/dumb-init:1", "--format", "json"},
                        0);
  check_all_measured(report);
  const auto& original = variant(report, "original");
  const auto& all = variant(report, "all");
  CHECK(all["size_bytes"].get<std::uint64_t>() * 100 <= original["size_bytes"].get<std::uint64_t>() * 15);
  CHECK(all["smoke"]["method"] == "url");
  CHECK(all["smoke"]["main_process"] == "nginx");
  CHECK(all["smoke"]["user"] != "root");
  CHECK(category(all, "dev-deps") == 0);
  CHECK(category(original, "dev-deps") > 10'000'000);  // the bundler
}

TEST_CASE("measure cli: a variant whose smoke check fails makes the exit status 1 and says why") {
  auto engine = imgslim::builder::make_docker_engine();
  imgslim::builder::test::require_prerequisites(*engine);
  // Passes as root (the original), fails once the non-root rule applies.
  auto report = measure({"rewrite", imgslim::builder::test::source("dockerfiles/templates/backend.Dockerfile"), "--context",
                         imgslim::builder::test::source("fixtures/apps/backend"), "--only", "non-root", "--measure",
                         "--smoke-cmd", "test \"$(id -u)\" = 0", "--format", "json"},
                        1);
  CHECK(report["ok"] == false);
  const auto& original = variant(report, "original");
  const auto& non_root = variant(report, "non-root");
  CHECK(original["ok"] == true);
  CHECK(original["smoke"]["method"] == "cmd");
  CHECK(non_root["built"] == true);
  CHECK(non_root["ok"] == false);
  CHECK(non_root["smoke"]["ok"] == false);
  CHECK(non_root["smoke"]["reason"].get<std::string>().find("exited with 1") != std::string::npos);

  auto text = run_imgslim({"rewrite", imgslim::builder::test::source("dockerfiles/templates/backend.Dockerfile"), "--context",
                           imgslim::builder::test::source("fixtures/apps/backend"), "--only", "non-root", "--measure",
                           "--smoke-cmd", "test \"$(id -u)\" = 0"});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("non-root: smoke check failed: ") != std::string::npos);
}
