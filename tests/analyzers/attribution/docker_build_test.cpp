// Real content inside a real build: the npm app of npm_fixture.h is built by
// the Docker engine (BuildKit, `npm ci --offline` in a RUN step, on the
// locally made node:20-slim base), then `imgslim analyze NAME` reads it back
// from the engine. The dev-only bytes are computed independently, from the
// same lockfile installed on the host (npm's `dev` flags + du).
#include <doctest/doctest.h>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "npm_fixture.h"
#include "tests/run_command.h"

using namespace npm_fixture;
using nlohmann::json;

TEST_CASE("attribution: npm ci in a real docker build, dev-deps, cache and steps from the engine image") {
  const std::string tag = "imgslim-test/attribution-docker-build:1";
  fs::path root = fs::temp_directory_path() / ("imgslim-attrib-docker-" + std::to_string(::getpid()));
  make_app(root);
  write(root / "app" / ".dockerignore", "node_modules\n");
  write(root / "app" / "Dockerfile",
        "FROM node:20-slim\n"
        "WORKDIR /app\n"
        "COPY . .\n"
        "RUN npm ci --offline --no-audit --no-fund\n"
        "CMD [\"node\", \"server.js\"]\n");
  // The independent figure: the same lockfile installed on the host.
  run("cp -a '" + (root / "app").string() + "' '" + (root / "host").string() + "'");
  run("cd '" + (root / "host").string() + "' && " + npm_env(root) + "npm ci --offline --silent >/dev/null");
  const std::uint64_t expected_dev = dev_only_bytes(root / "host");
  REQUIRE(expected_dev > 6 * 7000 + 5 * 6000);

  auto build = imgslim::testing::run({"/usr/bin/docker", "build", "-q", "--network", "none", "-t", tag,
                                      (root / "app").string()},
                                     {"DOCKER_BUILDKIT=1"});
  INFO(build.out << build.err);
  REQUIRE(build.exit_code == 0);

  auto r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--format", "json", tag});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json doc = json::parse(r.out);
  const json& cats = doc["categories"];
  CHECK(cats["dev-deps"]["bytes"].get<std::uint64_t>() == expected_dev);

  // The categories of the final filesystem and the wasted bytes make up every layer byte.
  std::uint64_t sum = 0;
  for (auto& [id, c] : cats.items()) sum += c["bytes"].get<std::uint64_t>();
  CHECK(sum == doc["total_bytes"].get<std::uint64_t>());

  // The dev bytes came from the `npm ci` step; npm's cache was left in /root/.npm by the same step.
  for (const auto& l : cats["dev-deps"]["layers"]) {
    if (l["bytes"].get<std::uint64_t>() == 0) continue;
    CHECK(l["created_by"].get<std::string>().find("npm ci --offline") != std::string::npos);
  }
  CHECK(cats["pm-cache"]["bytes"].get<std::uint64_t>() > 0);

  std::map<std::string, std::string> category_of;
  for (const auto& p : doc["packages"])
    if (p["ecosystem"] == "npm") category_of[p["name"].get<std::string>()] = p["category"].get<std::string>();
  CHECK(category_of["dev-b"] == "dev-deps");
  CHECK(category_of["dev-c"] == "dev-deps");
  CHECK(category_of["shared"] == "runtime-deps");
  CHECK(category_of["prod-a"] == "runtime-deps");

  bool advice = false;
  for (const auto& f : doc["findings"]) advice |= f["rule"] == "prod-deps";
  CHECK(advice);

  // The text report says it in one screen.
  auto text = imgslim::testing::run({IMGSLIM_BINARY, "analyze", tag});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("dev-deps") != std::string::npos);
  CHECK(text.out.find("npm ci --offline") != std::string::npos);

  imgslim::testing::run({"docker", "rmi", "-f", tag});
  fs::remove_all(root);
}
