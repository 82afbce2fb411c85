// `imgslim compose config` and whole stacks through the binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/compose/compose_test_util.h"

using compose_test::fixture;
using compose_test::run_imgslim;
using compose_test::TempDir;

// compose-go loader: links imply depends_on, environment lists become maps,
// string commands become argument lists, sizes become bytes (what
// `docker compose config` prints).
TEST_CASE("compose config: the resolved model as JSON and YAML") {
  TempDir dir("config-cli");
  dir.write("app.env", "NODE_OPTIONS=--max-old-space-size=384\n");
  std::string base = dir.write("compose.yml", R"(services:
  api:
    image: node:20
    command: node server.js --port 3000
    env_file: app.env
    environment: [NODE_ENV=production]
    links: [db]
    mem_limit: 512m
    healthcheck:
      test: curl -f http://localhost:3000/health
      interval: 90s
      timeout: 500ms
    logging:
      driver: json-file
      options: {max-size: 10m}
    volumes: [./data:/data:ro]
  db:
    image: postgres:16
    deploy:
      resources:
        limits: {memory: 1G, cpus: "0.5"}
)");
  std::string over = dir.write("compose.override.yml", "services:\n  api:\n    logging:\n      driver: local\n");
  auto r = run_imgslim({"compose", "config", "-f", base, "-f", over, "--format", "json"});
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  const auto& api = j["services"]["api"];
  CHECK(api["command"] == nlohmann::json({"node", "server.js", "--port", "3000"}));
  CHECK(api["environment"]["NODE_ENV"] == "production");
  CHECK(api["environment"]["NODE_OPTIONS"] == "--max-old-space-size=384");
  CHECK(api["mem_limit"] == "536870912");
  CHECK(api["depends_on"]["db"]["condition"] == "service_started");
  CHECK(api["depends_on"]["db"]["restart"] == true);
  CHECK(api["healthcheck"]["test"] == nlohmann::json({"CMD-SHELL", "curl -f http://localhost:3000/health"}));
  CHECK(api["healthcheck"]["interval"] == "1m30s");
  CHECK(api["healthcheck"]["timeout"] == "500ms");
  CHECK(api["logging"] == nlohmann::json({{"driver", "local"}}));
  CHECK(api["volumes"][0]["source"] == (dir.path / "data").string());
  CHECK(api["volumes"][0]["read_only"] == true);
  CHECK(j["services"]["db"]["deploy"]["resources"]["limits"]["memory"] == "1073741824");
  CHECK(j["services"]["db"]["deploy"]["resources"]["limits"]["cpus"] == 0.5);

  auto y = run_imgslim({"compose", "config", base});
  REQUIRE(y.status == 0);
  CHECK(y.out.find("    command:\n      - node\n      - server.js\n      - --port\n      - \"3000\"\n") != std::string::npos);
  CHECK(y.out.find("    mem_limit: \"536870912\"\n") != std::string::npos);

  // Bad input: one line, exit 2, nothing on stdout.
  std::string bad = dir.write("bad.yml", "services:\n  api:\n    image: x\n    memlimit: 1g\n");
  auto e = run_imgslim({"compose", "config", bad});
  CHECK(e.status == 2);
  CHECK(e.out.empty());
  CHECK(e.err == "imgslim: " + bad + ":4:5: services.api: additional property 'memlimit' is not allowed\n");
}

// n8n's published compose with PostgreSQL (n8n-io/n8n-hosting
// withPostgres), given limits that fit a 2 GB / 2 vCPU VPS: loads as
// compose-go loads it (links -> depends_on, .env interpolation) and passes.
TEST_CASE("compose: n8n's published compose with PostgreSQL and correct limits exits 0") {
  auto r = run_imgslim({"compose", fixture("n8n-postgres/docker-compose.yml"), "--host-memory", "2G", "--host-cpus",
                        "2", "--format", "json"});
  INFO(r.out);
  INFO(r.err);
  CHECK(r.status == 0);
}

TEST_CASE("compose: the plan with its folded PostgreSQL command exits 1 naming the comment") {
  auto r = run_imgslim({"compose", "-f", fixture("plan/docker-compose.yml"), "-f", fixture("plan/section3-postgres.yml"),
                        "--host-memory", "3G"});
  CHECK(r.status == 1);
  CHECK(r.out.find("compose-command-string") != std::string::npos);
  CHECK(r.out.find("# 25% of 512MB container limit") != std::string::npos);
}
