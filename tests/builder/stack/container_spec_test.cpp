// What --measure asks the engine to create, from a Compose file: the
// container body (limits, health check, restart policy, ports, mounts,
// networks, labels), the networks and volumes of the run, and the services
// it refuses to plan. No engine needed.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../../run_command.h"
#include "builder/stack/container_spec.h"
#include "builder/stack/stack_plan.h"
#include "compose/model/project.h"
#include "support/error.h"

using namespace imgslim;
using nlohmann::json;

namespace {

compose::Project load(const std::string& dir, const std::string& yaml) {
  std::ofstream(dir + "/compose.yml") << yaml;
  compose::LoadOptions o;
  o.files = {dir + "/compose.yml"};
  o.project_name = "proj";
  return compose::load_project(o);
}

const char* kStack = R"(services:
  db:
    image: node:20-slim
    command: node server.js
    environment: {A: "1"}
    mem_limit: 64m
    memswap_limit: 64m
    cpus: 0.5
    healthcheck: {test: "node -e 1", interval: 2s, timeout: 1s, retries: 3, start_period: 5s}
    restart: on-failure:3
    ports: ["127.0.0.1:8080:80", "9000"]
    volumes: ["data:/data", "./conf:/conf:ro", "/anon"]
    networks: [back, front]
  side:
    image: node:20-slim
    network_mode: service:db
    deploy: {restart_policy: {condition: any}}
volumes: {data: {}}
networks: {back: {}, front: {internal: true}}
)";

}  // namespace

TEST_CASE("stack: the create body carries limits, health check, restart policy, ports, mounts, networks and labels") {
  testing::TempDir dir;
  auto project = load(dir.path, kStack);
  auto services = compose::read_services(project);
  auto plan = builder::stack::plan_stack(project, services, "m1");
  REQUIRE(plan.services.size() == 2);
  REQUIRE(plan.networks.size() == 2);
  CHECK(plan.networks[0].name == "proj_back_m1");
  CHECK(plan.networks[1].internal);
  REQUIRE(plan.volumes.size() == 1);
  CHECK(plan.volumes[0].name == "proj_data_m1");

  json db = json::parse(builder::stack::container_body(plan, plan.services[0]));
  CHECK(db["Image"] == "node:20-slim");
  CHECK(db["Cmd"] == json::array({"node", "server.js"}));
  CHECK(db["Env"] == json::array({"A=1"}));
  CHECK(db["Labels"]["org.imgslim.measure.run"] == "m1");
  CHECK(db["Labels"]["org.imgslim.measure.project"] == "proj");
  CHECK(db["Labels"]["org.imgslim.measure.service"] == "db");
  CHECK(db["Healthcheck"]["Test"] == json::array({"CMD-SHELL", "node -e 1"}));
  CHECK(db["Healthcheck"]["Interval"] == 2'000'000'000ll);
  CHECK(db["Healthcheck"]["StartPeriod"] == 5'000'000'000ll);
  CHECK(db["Healthcheck"]["Retries"] == 3);
  const json& host = db["HostConfig"];
  CHECK(host["Memory"] == 64ll << 20);
  CHECK(host["MemorySwap"] == 64ll << 20);
  CHECK(host["NanoCpus"] == 500'000'000ll);
  CHECK(host["RestartPolicy"] == json({{"Name", "on-failure"}, {"MaximumRetryCount", 3}}));
  CHECK(host["PortBindings"]["80/tcp"][0] == json({{"HostIp", "127.0.0.1"}, {"HostPort", "8080"}}));
  CHECK(host["PortBindings"]["9000/tcp"][0]["HostPort"] == "");
  CHECK(host["Binds"] == json::array({dir.path + "/conf:/conf:ro"}));
  CHECK(host["Mounts"][0]["Source"] == "proj_data_m1");
  CHECK(host["Mounts"][1]["Target"] == "/anon");
  CHECK(host["Mounts"][1]["VolumeOptions"]["Labels"]["org.imgslim.measure.run"] == "m1");
  CHECK(host["NetworkMode"] == "proj_back_m1");
  CHECK(db["NetworkingConfig"]["EndpointsConfig"]["proj_back_m1"]["Aliases"] == json::array({"db"}));
  json connect = json::parse(builder::stack::connect_body(plan.services[0], plan.services[0].networks[1]));
  CHECK(connect["Container"] == "proj-db-m1");

  json side = json::parse(builder::stack::container_body(plan, plan.services[1]));
  CHECK(side["HostConfig"]["NetworkMode"] == "container:proj-db-m1");
  CHECK(side["HostConfig"]["RestartPolicy"]["Name"] == "always");
  CHECK_FALSE(side.contains("Healthcheck"));
}

TEST_CASE("stack: services that cannot be planned are refused naming the service") {
  testing::TempDir dir;
  auto refused = [&](const std::string& yaml) -> std::string {
    auto project = load(dir.path, yaml);
    auto services = compose::read_services(project);
    try {
      builder::stack::plan_stack(project, services, "m1");
    } catch (const Error& e) {
      return e.problem();
    }
    return "";
  };
  CHECK(refused("services:\n  a:\n    image: x\n    volumes: [\"nope:/data\"]\n") ==
        "service a: volume \"nope\" is not declared under volumes:");
  CHECK(refused("services:\n  a:\n    image: x\n    ports: [\"8000-8010:80\"]\n") ==
        "service a: port ranges (\"8000-8010\") are not run by --measure");
  CHECK(refused("services:\n  a:\n    image: x\n    networks: [back]\n") ==
        "service a: network \"back\" is not declared under networks:");
}
