// Issue #30's loader defects, each on the stack that showed it, with the
// compose-go behaviour it pins.
#include <doctest/doctest.h>

#include "compose/model/service.h"
#include "compose/model/units.h"
#include "support/error.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::TempDir;

namespace {

const Service& service(const std::vector<Service>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return s;
  FAIL("no service " << name);
  throw 0;
}

}  // namespace

// compose-go loadYamlFile: ApplyExtends runs on each file before
// override.Merge, so a later -f file that changes `api` does not reach
// `worker`, which extends the `api` of the first file.
TEST_CASE("loader: extends is resolved per file before the -f files are merged") {
  TempDir dir("extends-before-merge");
  std::string base = dir.write("compose.yml", R"(services:
  api:
    image: node:20
    environment:
      NODE_OPTIONS: --max-old-space-size=640
    deploy:
      resources:
        limits: {memory: 512M, cpus: "0.5"}
  worker:
    extends: api
    command: ["node", "worker.js"]
  db:
    image: postgres:16
    deploy:
      resources:
        limits: {memory: 1024M, cpus: "0.25"}
)");
  std::string over = dir.write("compose.prod.yml", R"(services:
  api:
    deploy:
      resources:
        limits: {memory: 768M, cpus: "1.5"}
)");
  Project p = compose_test::load({base, over});
  auto services = read_services(p);
  CHECK(*service(services, "api").mem_limit == 768 * kMiB);
  CHECK(*service(services, "worker").mem_limit == 512 * kMiB);
  CHECK(*service(services, "worker").cpus == doctest::Approx(0.5));
  Report r = audit(p, compose_test::vps("4G"));
  CHECK(r.budget.total_limits == 2304 * kMiB);  // not 2560
  CHECK(r.budget.total_cpus == doctest::Approx(2.25));  // not 3.25
  auto heap = compose_test::findings_of(r, "compose-node-heap-exceeds-limit");
  REQUIRE(heap.size() == 1);
  CHECK(heap[0]->service == "worker");
}

// compose-go Project.WithServicesEnvironmentResolved: env files are read in
// order (a later one overrides), `required: false` skips a missing one,
// `format: raw` keeps values verbatim, `environment:` wins over them all.
TEST_CASE("loader: env_file contents become the service environment the checks read") {
  TempDir dir("env-file");
  dir.write("app.env", "NODE_OPTIONS=--max-old-space-size=2048\nPOOL=\"20\"\nSHARED=from-app\n");
  dir.write("later.env", "SHARED=from-later\nREF=${POOL}-x\n");
  dir.write("raw.env", "# comment\nQUOTED=\"kept\"\nDOLLAR=$HOME\n");
  std::string f = dir.write("compose.yml", R"(services:
  single:
    image: node:20
    env_file: app.env
    mem_limit: 640m
  listed:
    image: node:20
    env_file: [./app.env, ./later.env]
    environment:
      POOL: "5"
  detailed:
    image: node:20
    env_file:
      - path: ./missing.env
        required: false
      - path: ./raw.env
        format: raw
)");
  Project p = compose_test::load({f});
  auto services = read_services(p);
  const Service& single = service(services, "single");
  CHECK(single.environment.at("NODE_OPTIONS") == "--max-old-space-size=2048");
  CHECK(single.environment.at("POOL") == "20");
  Location at = single.env_at("NODE_OPTIONS");
  CHECK(at.file == (dir.path / "app.env").string());
  CHECK(at.line == 1);
  const Service& listed = service(services, "listed");
  CHECK(listed.environment.at("SHARED") == "from-later");
  CHECK(listed.environment.at("REF") == "20-x");  // a variable an earlier env file set
  CHECK(listed.environment.at("POOL") == "5");
  const Service& detailed = service(services, "detailed");
  CHECK(detailed.environment.at("QUOTED") == "\"kept\"");
  CHECK(detailed.environment.at("DOLLAR") == "$HOME");

  Report r = audit(p, compose_test::vps("4G"));
  auto heap = compose_test::findings_of(r, "compose-node-heap-exceeds-limit");
  REQUIRE(heap.size() == 1);
  CHECK(heap[0]->service == "single");
  CHECK(heap[0]->where.file == (dir.path / "app.env").string());

  std::string missing = dir.write("missing.yml", "services:\n  a:\n    image: x\n    env_file: nothere.env\n");
  const std::string not_found = "env file " + (dir.path / "nothere.env").string() + " not found";
  CHECK_THROWS_WITH_AS(compose_test::load({missing}), doctest::Contains(not_found.c_str()), imgslim::Error);
  std::string format = dir.write("format.yml",
                                 "services:\n  a:\n    image: x\n    env_file:\n      - path: app.env\n        format: toml\n");
  CHECK_THROWS_WITH_AS(compose_test::load({format}), doctest::Contains("unsupported env_file format \"toml\""),
                       imgslim::Error);
}

// compose-go ApplyInclude / importResources: the included project's
// services join this one (its own directory and .env), so they count in the
// totals and satisfy depends_on.
TEST_CASE("loader: include: brings its services, with their own directory and env files") {
  TempDir dir("include");
  dir.write("db/.env", "DB_MEM=1536M\n");
  dir.write("db/compose.yml", R"(services:
  db:
    image: postgres:16
    mem_limit: ${DB_MEM}
    volumes:
      - ./conf/postgresql.conf:/etc/postgresql/postgresql.conf:ro
)");
  std::string main = dir.write("compose.yml", R"(include:
  - db/compose.yml
services:
  api:
    image: node:20
    mem_limit: 256m
    depends_on: [db]
)");
  Project p = compose_test::load({main});
  auto services = read_services(p);
  CHECK(*service(services, "db").mem_limit == 1536 * kMiB);
  CHECK(service(services, "db").mounts.at(0).source == (dir.path / "db/conf/postgresql.conf").string());
  Report r = audit(p, compose_test::vps("4G"));
  CHECK(r.budget.total_limits == 1792 * kMiB);
  CHECK(compose_test::findings_of(r, "compose-depends-on-undefined").empty());

  std::string conflict = dir.write("conflict.yml", "include: [db/compose.yml]\nservices:\n  db:\n    image: mysql\n");
  CHECK_THROWS_WITH_AS(compose_test::load({conflict}), doctest::Contains("services.db conflicts with imported resource"),
                       imgslim::Error);
}

// compose-go override/merge.go mergeLogging: a different driver replaces
// the block (options included); the same or no driver merges options.
TEST_CASE("loader: a logging driver changed by an override drops the old driver's options") {
  TempDir dir("logging");
  std::string base = dir.write("compose.yml", R"(services:
  a:
    image: x
    logging:
      driver: json-file
      options: {max-size: 10m, max-file: "3"}
  b:
    image: x
    logging:
      driver: json-file
      options: {max-size: 10m, max-file: "3"}
)");
  std::string over = dir.write("over.yml", R"(services:
  a:
    logging:
      driver: syslog
      options: {tag: app}
  b:
    logging:
      options: {max-size: 50m}
)");
  auto services = read_services(compose_test::load({base, over}));
  const Service& a = service(services, "a");
  CHECK(a.logging_driver == "syslog");
  CHECK(a.logging_options == std::map<std::string, std::string>{{"tag", "app"}});
  const Service& b = service(services, "b");
  CHECK(b.logging_driver == "json-file");
  CHECK(b.logging_options == std::map<std::string, std::string>{{"max-file", "3"}, {"max-size", "50m"}});
}

// compose-go validates each file against the Compose schema: unknown keys
// and wrong types are errors, not silently ignored or misread.
TEST_CASE("loader: unknown keys and wrong types are Compose's schema errors") {
  TempDir dir("schema");
  std::string a = dir.write("a.yml", "servise:\n  app:\n    image: x\nservices:\n  b:\n    image: x\n");
  CHECK_THROWS_WITH_AS(compose_test::load({a}), (a + ":1:1: (root): additional property 'servise' is not allowed").c_str(),
                       imgslim::Error);
  std::string b = dir.write("b.yml", "services:\n  app:\n    image: x\n    memlimit: 512m\n");
  CHECK_THROWS_WITH_AS(compose_test::load({b}),
                       (b + ":4:5: services.app: additional property 'memlimit' is not allowed").c_str(), imgslim::Error);
  std::string c = dir.write("c.yml", "services:\n  app:\n    image: x\n    mem_limit: [1]\n");
  CHECK_THROWS_WITH_AS(compose_test::load({c}),
                       (c + ":4:16: services.app.mem_limit must be a number or a string, not a list").c_str(),
                       imgslim::Error);
  // An override file is validated too.
  std::string d = dir.write("d.yml", "services:\n  app:\n    deploy:\n      resources:\n        limit: {memory: 1g}\n");
  CHECK_THROWS_WITH_AS(compose_test::load({dir.write("ok.yml", "services:\n  app:\n    image: x\n"), d}),
                       doctest::Contains("services.app.deploy.resources: additional property 'limit' is not allowed"),
                       imgslim::Error);
}

// compose-go normalize.go: links imply depends_on (condition
// service_started, restart true).
TEST_CASE("loader: links count as depends_on") {
  TempDir dir("links");
  std::string f = dir.write("compose.yml", R"(services:
  api:
    image: node:20
    links: ["db:database", cache]
    depends_on:
      db: {condition: service_healthy}
  db:
    image: postgres:16
  cache:
    image: redis:7
)");
  Project p = compose_test::load({f});
  const std::vector<Service> services = read_services(p);  // kept: `api` refers into it
  const Service& api = service(services, "api");
  CHECK(api.depends_on.at("db") == "service_healthy");  // an explicit entry keeps its condition
  CHECK(api.depends_on.at("cache") == "service_started");
  CHECK(p.services()->at({"api", "depends_on", "cache", "restart"})->text() == "true");
}

// compose-go checkConsistency: one resource set twice with distinct values
// is refused; a `deploy.resources.limits` block without memory counts as
// distinct from mem_limit. Equal values are accepted.
TEST_CASE("loader: mem_limit, cpus, mem_reservation, pids_limit against deploy.resources") {
  TempDir dir("consistency");
  auto load_one = [&](const std::string& name, const std::string& body) {
    return compose_test::load({dir.write(name, "services:\n  app:\n    image: x\n" + body)});
  };
  CHECK_THROWS_WITH_AS(load_one("m.yml", "    mem_limit: 512m\n    deploy:\n      resources:\n        limits: {memory: 1g}\n"),
                       doctest::Contains(":4:5: services.app: can't set distinct values on 'mem_limit' and "
                                         "'deploy.resources.limits.memory': invalid compose project"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(load_one("u.yml", "    mem_limit: 512m\n    deploy:\n      resources:\n        limits: {cpus: \"1\"}\n"),
                       doctest::Contains("can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(load_one("c.yml", "    cpus: 0.5\n    deploy:\n      resources:\n        limits: {cpus: \"1\"}\n"),
                       doctest::Contains("can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(
      load_one("r.yml", "    mem_reservation: 128m\n    deploy:\n      resources:\n        reservations: {memory: 256m}\n"),
      doctest::Contains("can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'"),
      imgslim::Error);
  CHECK_THROWS_WITH_AS(load_one("p.yml", "    pids_limit: 100\n    deploy:\n      resources:\n        limits: {pids: 200}\n"),
                       doctest::Contains("can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'"),
                       imgslim::Error);
  Project same = load_one("same.yml", "    mem_limit: 512m\n    deploy:\n      resources:\n        limits: {memory: 512M}\n");
  CHECK(*read_services(same).at(0).mem_limit == 512 * kMiB);
}
