#include <doctest/doctest.h>

#include "compose/model/service.h"
#include "tests/compose/compose_test_util.h"
#include "support/error.h"

using namespace imgslim::compose;
using compose_test::TempDir;

namespace {

const Value& svc(const Project& p, const std::string& name) {
  const Value* v = p.services()->find(name);
  REQUIRE(v != nullptr);
  return *v;
}

std::vector<std::string> scalars(const Value* seq) {
  std::vector<std::string> out;
  if (seq)
    for (const auto& v : seq->seq) out.push_back(v.text());
  return out;
}

}  // namespace

TEST_CASE("project: -f files merge as docker compose merges them") {
  TempDir dir("merge");
  std::string base = dir.write("compose.yml", R"(services:
  app:
    image: app:1
    command: ["node", "a.js"]
    environment:
      - A=1
      - B=2
    ports: ["8080:80", "9229:9229"]
    volumes:
      - data:/data
      - ./src:/app/src
    dns: [1.1.1.1]
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
    labels: {keep: "yes"}
)");
  std::string over = dir.write("override.yml", R"(services:
  app:
    command: node b.js
    environment:
      B: "20"
      C: "3"
    ports: ["8080:8080", "9229:9229"]
    volumes:
      - other:/data
    dns: [1.1.1.1, 8.8.8.8]
    healthcheck:
      test: ["CMD", "false"]
      timeout: 2s
    labels: !reset {}
  extra:
    image: busybox
)");
  Project p = compose_test::load({base, over});
  const Value& app = svc(p, "app");
  CHECK(app.find("image")->text() == "app:1");
  CHECK(app.find("command")->text() == "node b.js");  // replaced, not appended
  const Value* env = app.find("environment");
  CHECK(env->find("A")->text() == "1");
  CHECK(env->find("B")->text() == "20");
  CHECK(env->find("C")->text() == "3");
  CHECK(scalars(app.find("ports")) == std::vector<std::string>{"8080:80", "9229:9229", "8080:8080"});
  CHECK(scalars(app.find("volumes")) == std::vector<std::string>{"other:/data", "./src:/app/src"});
  CHECK(scalars(app.find("dns")) == std::vector<std::string>{"1.1.1.1", "8.8.8.8"});
  CHECK(scalars(app.at({"healthcheck", "test"})) == std::vector<std::string>{"CMD", "false"});
  CHECK(app.at({"healthcheck", "interval"})->text() == "10s");
  CHECK(app.at({"healthcheck", "timeout"})->text() == "2s");
  CHECK(app.find("labels") == nullptr);
  CHECK(p.services()->find("extra") != nullptr);
  // Locations survive the merge: B's value comes from the override's line 5.
  CHECK(env->find("B")->where.file == over);
  CHECK(env->find("B")->where.line == 5);
  CHECK(env->find("A")->where.line == 6);
}

TEST_CASE("project: !override replaces a sequence") {
  TempDir dir("override-tag");
  std::string a = dir.write("a.yml", "services:\n  s:\n    image: x\n    ports: [\"80:80\"]\n");
  std::string b = dir.write("b.yml", "services:\n  s:\n    ports: !override [\"443:443\"]\n");
  Project p = compose_test::load({a, b});
  CHECK(scalars(svc(p, "s").find("ports")) == std::vector<std::string>{"443:443"});
}

TEST_CASE("project: extends in the same file and from another file") {
  TempDir dir("extends");
  dir.write("common/base.yml", R"(services:
  node-base:
    image: node:20-alpine
    environment:
      NODE_ENV: production
    volumes:
      - ./conf/app.json:/app/app.json:ro
    deploy:
      resources:
        limits: {memory: 256M}
)");
  std::string main = dir.write("compose.yml", R"(x-defaults: &defaults
  restart: unless-stopped
services:
  template:
    <<: *defaults
    image: busybox
    mem_limit: 64m
  worker:
    extends: template
    command: work
  api:
    extends:
      file: common/base.yml
      service: node-base
    environment:
      PORT: "3000"
  api2:
    extends: api
    deploy:
      resources:
        limits: {memory: 512M}
)");
  Project p = compose_test::load({main});
  const Value& worker = svc(p, "worker");
  CHECK(worker.find("image")->text() == "busybox");
  CHECK(worker.find("restart")->text() == "unless-stopped");
  CHECK(worker.find("command")->text() == "work");
  CHECK(worker.find("extends") == nullptr);
  const Value& api = svc(p, "api");
  CHECK(api.find("image")->text() == "node:20-alpine");
  CHECK(api.at({"environment", "NODE_ENV"})->text() == "production");
  CHECK(api.at({"environment", "PORT"})->text() == "3000");
  // The bind source is relative to common/base.yml, not to compose.yml.
  std::string vol = scalars(api.find("volumes")).at(0);
  CHECK(vol == (dir.path / "common/conf/app.json").string() + ":/app/app.json:ro");
  auto services = read_services(p);
  const Service* api2 = nullptr;
  for (const auto& s : services)
    if (s.name == "api2") api2 = &s;
  REQUIRE(api2);
  CHECK(*api2->mem_limit == 512ull * 1024 * 1024);
  CHECK(api2->environment.at("PORT") == "3000");
}

TEST_CASE("project: extends errors name the file and line") {
  TempDir dir("extends-bad");
  std::string cyc = dir.write("cycle.yml", "services:\n  a:\n    extends: b\n  b:\n    extends: a\n");
  CHECK_THROWS_AS(compose_test::load({cyc}), imgslim::Error);
  std::string missing = dir.write("missing.yml", "services:\n  a:\n    extends: {file: nope.yml, service: x}\n");
  try {
    compose_test::load({missing});
    FAIL("expected an error");
  } catch (const imgslim::Error& e) {
    CHECK(std::string(e.what()).find("missing.yml:3") != std::string::npos);
    CHECK(std::string(e.what()).find("nope.yml does not exist") != std::string::npos);
  }
}

TEST_CASE("project: profiles from --profile and COMPOSE_PROFILES") {
  TempDir dir("profiles");
  std::string f = dir.write("compose.yml", R"(services:
  app: {image: app}
  debug: {image: busybox, profiles: [debug]}
  admin: {image: adminer, profiles: [tools, admin]}
)");
  Project none = compose_test::load({f});
  CHECK(none.services()->map.size() == 1);
  CHECK(none.inactive_services == std::vector<std::string>{"debug", "admin"});
  Project flag = compose_test::load({f}, {}, {"admin"});
  CHECK(flag.services()->find("admin") != nullptr);
  CHECK(flag.services()->find("debug") == nullptr);
  Project env = compose_test::load({f}, {{"COMPOSE_PROFILES", "debug, tools"}});
  CHECK(env.services()->map.size() == 3);
  Project star = compose_test::load({f}, {}, {"*"});
  CHECK(star.services()->map.size() == 3);
}

TEST_CASE("project: .env beside the first file, the shell wins") {
  TempDir dir("dotenv-project");
  dir.write(".env", "TAG=from-dotenv\nMEM=256m\nCOMPOSE_PROFILES=extra\n");
  std::string f = dir.write("compose.yml", R"(services:
  app:
    image: "app:${TAG}"
    mem_limit: ${MEM:-1g}
    environment:
      PRICE: "$$5"
      FROM_SHELL:
  extra: {image: x, profiles: [extra]}
)");
  Project p = compose_test::load({f}, {{"TAG", "from-shell"}, {"FROM_SHELL", "yes"}});
  CHECK(svc(p, "app").find("image")->text() == "app:from-shell");
  CHECK(svc(p, "app").find("mem_limit")->text() == "256m");
  CHECK(svc(p, "app").at({"environment", "PRICE"})->text() == "$5");
  CHECK(svc(p, "app").at({"environment", "FROM_SHELL"})->text() == "yes");  // `KEY:` takes the shell's value
  CHECK(p.services()->find("extra") != nullptr);
}

TEST_CASE("project: bad input is one error naming the file and line") {
  TempDir dir("bad-input");
  std::string yaml = dir.write("broken.yml", "services:\n  app:\n    image: [unclosed\n");
  try {
    compose_test::load({yaml});
    FAIL("expected an error");
  } catch (const imgslim::Error& e) {
    std::string what = e.what();
    CHECK(what.rfind(yaml + ":", 0) == 0);
    CHECK(what.find("invalid YAML") != std::string::npos);
  }
  CHECK_THROWS_WITH_AS(compose_test::load({(dir.path / "absent.yml").string()}),
                       ((dir.path / "absent.yml").string() + ": no such file").c_str(), imgslim::Error);
  std::string empty = dir.write("empty.yml", "version: '3.8'\n");
  CHECK_THROWS_WITH_AS(compose_test::load({empty}), (empty + ": no services defined").c_str(), imgslim::Error);
  std::string badmem = dir.write("badmem.yml", "services:\n  a:\n    image: x\n    mem_limit: lots\n");
  Project p = compose_test::load({badmem});
  CHECK_THROWS_WITH_AS(read_services(p), (badmem + ":4:16: invalid memory size \"lots\"").c_str(), imgslim::Error);
  std::string dup = dir.write("dup.yml", "services:\n  a: {image: x}\n  a: {image: y}\n");
  CHECK_THROWS_AS(compose_test::load({dup}), imgslim::Error);
  std::string required = dir.write("required.yml", "services:\n  a:\n    image: ${NEEDED:?set NEEDED}\n");
  CHECK_THROWS_WITH_AS(compose_test::load({required}),
                       (required + ":3:12: required variable NEEDED is missing a value: set NEEDED").c_str(),
                       imgslim::Error);
}

TEST_CASE("service: sizes, durations, command forms, mounts") {
  TempDir dir("service");
  std::string f = dir.write("compose.yml", R"(services:
  a:
    image: x
    mem_limit: 1.5g
    mem_reservation: 512m
    memswap_limit: -1
    cpus: "0.5"
    command: sh -c 'node --max-old-space-size=300 "my app.js"'
    ulimits:
      nproc: 65535
      nofile: {soft: 1024, hard: 4096}
    healthcheck:
      test: curl -f http://localhost/
      interval: 1m30s
      timeout: 500ms
    volumes:
      - ./conf/pg.conf:/etc/postgresql/postgresql.conf:ro
      - type: bind
        source: /abs/path
        target: /mnt
      - named:/data
)");
  Project p = compose_test::load({f});
  auto services = read_services(p);
  REQUIRE(services.size() == 1);
  const Service& s = services[0];
  CHECK(*s.mem_limit == 1536ull * 1024 * 1024);
  CHECK(*s.mem_reservation == 512ull * 1024 * 1024);
  CHECK(*s.memswap_limit == -1);
  CHECK(*s.cpus == doctest::Approx(0.5));
  CHECK(s.command == std::vector<std::string>{"sh", "-c", "node --max-old-space-size=300 \"my app.js\""});
  CHECK(*s.ulimits.at("nproc").soft == 65535);
  CHECK(*s.ulimits.at("nofile").hard == 4096);
  CHECK(*s.healthcheck.interval_s == doctest::Approx(90));
  CHECK(*s.healthcheck.timeout_s == doctest::Approx(0.5));
  REQUIRE(s.mounts.size() == 3);
  CHECK(s.mounts[0].type == "bind");
  CHECK(s.mounts[0].source == (dir.path / "conf/pg.conf").string());
  CHECK(s.mounts[0].read_only);
  CHECK(s.mounts[1].source == "/abs/path");
  CHECK(s.mounts[2].type == "volume");
  CHECK(s.at({"mem_limit"}).line == 4);
  CHECK(s.at({"deploy", "resources"}).line == 2);  // falls back to the service key
}
