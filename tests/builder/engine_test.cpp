// The Docker CLI engine: BuildKit mode, smoke checks by command and by
// HEALTHCHECK, the backend's SIGTERM handling, bad input.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "builder/measure.h"
#include "builder/process.h"
#include "builder_support.h"
#include "support/error.h"

using namespace imgslim::builder;

TEST_CASE("engine: describes the engine and its BuildKit mode") {
  auto engine = make_docker_engine();
  auto d = engine->describe();
  CHECK(d.find("docker engine") == 0);
  CHECK(d.find("BuildKit via") != std::string::npos);
  CHECK(engine->is_local());
}

TEST_CASE("engine: unreachable engine is one clear error") {
  setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock", 1);
  try {
    make_docker_engine();
    FAIL("no error");
  } catch (const imgslim::Error& e) {
    CHECK(e.input() == "docker");
    CHECK(e.problem().find("no engine answers at DOCKER_HOST=unix:///nonexistent/docker.sock") == 0);
  }
  unsetenv("DOCKER_HOST");
}

TEST_CASE("engine: bad measure input") {
  auto engine = make_docker_engine();
  MeasureOptions o;
  o.context = test::source("fixtures/apps/backend");
  CHECK_THROWS_AS(measure_variants(*engine, {}, o), imgslim::Error);
  CHECK_THROWS_AS(measure_variants(*engine, {{"x", "/nonexistent/Dockerfile"}}, o), imgslim::Error);
  o.context = "/nonexistent";
  CHECK_THROWS_AS(measure_variants(*engine, {{"x", test::variant("exits.Dockerfile")}}, o), imgslim::Error);
  CHECK_THROWS_AS(render_measure(MeasureReport{}, "yaml"), imgslim::Error);
}

TEST_CASE("engine: slim backend stops cleanly on SIGTERM, smoke by command and HEALTHCHECK") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  auto dir = std::filesystem::temp_directory_path() / "imgslim-test-builder-sigterm";
  std::filesystem::create_directories(dir);
  // the hand-written slim backend plus a HEALTHCHECK
  std::string dockerfile = (dir / "Dockerfile").string();
  {
    std::ifstream in(test::variant("backend-slim.Dockerfile"));
    std::ofstream out(dockerfile);
    out << in.rdbuf()
        << "HEALTHCHECK --interval=1s --timeout=2s CMD node -e \"require('http').get('http://127.0.0.1:3000/health', "
           "r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))\"\n";
  }
  BuildRequest b;
  b.dockerfile = dockerfile;
  b.context = test::source("fixtures/apps/backend");
  b.tag = "imgslim-test/builder-sigterm:latest";
  b.network = "none";
  b.log_path = (dir / "build.log").string();
  std::filesystem::remove(b.log_path);
  auto built = engine->build(b);
  REQUIRE_MESSAGE(built.ok, built.log_tail);
  auto facts = engine->inspect_image(b.tag);
  REQUIRE(facts);
  CHECK(facts->has_healthcheck);
  CHECK(facts->entrypoint == std::vector<std::string>{"dumb-init", "--"});

  SmokeOptions by_health;
  auto health = smoke_check(*engine, b.tag, *facts, by_health, "imgslim-test-builder-health");
  CHECK_MESSAGE(health.ok, health.reason);
  CHECK(health.method == "healthcheck");

  SmokeOptions by_cmd;
  by_cmd.cmd = "test \"$(id -un)\" = node && test -f /app/dist/server.js";
  auto cmd = smoke_check(*engine, b.tag, *facts, by_cmd, "imgslim-test-builder-cmd");
  CHECK_MESSAGE(cmd.ok, cmd.reason);
  by_cmd.cmd = "test -d /app/node_modules/@imgslim-fixture/compiler";  // dev dependency: absent
  by_cmd.timeout_seconds = 3;
  CHECK_FALSE(smoke_check(*engine, b.tag, *facts, by_cmd, "imgslim-test-builder-cmd2").ok);

  RunRequest r;
  r.image = b.tag;
  r.name = "imgslim-test-builder-sigterm";
  engine->remove_container(r.name);
  auto c = engine->run(r);
  for (int i = 0; i < 50 && engine->logs(c, 5).find("listening") == std::string::npos; ++i)
    run_process({"sleep", "0.2"});
  CHECK(engine->stop(c, 10) == 0);
  auto logs = engine->logs(c, 20);
  CHECK(logs.find("SIGTERM received, closing server") != std::string::npos);
  CHECK(logs.find("server closed, exiting") != std::string::npos);
  engine->remove_container(c);
  engine->remove_image(b.tag);
}
