// compose-go's own loader test inputs (../shared/realworld/compose-go, the
// reference implementation docker compose uses) resolve to the values
// compose-go gives them: for the golden cases field by field against its
// *.golden.yaml, for the others the values its loader tests assert.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "compose/model/config_view.h"
#include "compose/model/service.h"
#include "compose/model/yaml_loader.h"
#include "support/error.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string cg(const std::string& rel) { return std::string(IMGSLIM_SHARED_DIR) + "/realworld/compose-go/" + rel; }

json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Seq: {
      json a = json::array();
      for (const auto& i : v.seq) a.push_back(to_json(i));
      return a;
    }
    case Value::Kind::Map: {
      json o = json::object();
      for (const auto& [k, i] : v.map) o[k] = to_json(i);
      return o;
    }
    case Value::Kind::Scalar: {
      const std::string t = yaml_type(v);
      if (t == "integer") return std::stoll(v.scalar);
      if (t == "number") return std::stod(v.scalar);
      if (t == "boolean") return v.scalar == "true";
      return v.scalar;
    }
  }
  return nullptr;
}

// The golden's volume entries reduced to what imgslim reads, sources of
// binds resolved against the project directory as Compose resolves them.
json mounts_of(const json& golden, const std::string& dir) {
  json out = json::array();
  for (const auto& v : golden) {
    json m = {{"type", v["type"]}, {"target", v["target"]}};
    if (v.contains("source")) {
      std::string src = v["source"];
      if (v["type"] == "bind" && !fs::path(src).is_absolute()) src = (fs::path(dir) / src).lexically_normal().string();
      m["source"] = src;
    }
    if (v.value("read_only", false)) m["read_only"] = true;
    out.push_back(m);
  }
  return out;
}

// Compares every field imgslim reads between compose-go's golden output and
// `imgslim compose config --format json`.
void compare_with_golden(const std::string& input, const std::string& golden, const Environment& env) {
  Project p = compose_test::load({cg(input)}, env, {"*"});
  json mine = json::parse(render_config(p, "json"));
  json want = to_json(load_yaml_file(cg(golden), nullptr));
  CHECK(mine["name"] == want["name"]);
  REQUIRE(want["services"].size() == mine["services"].size());
  static const char* fields[] = {"image", "command", "entrypoint", "environment", "mem_limit", "mem_reservation",
                                 "memswap_limit", "cpus", "pids_limit", "ulimits", "healthcheck", "depends_on",
                                 "restart", "logging"};
  int compared = 0;
  for (const auto& [name, svc] : want["services"].items()) {  // NOLINT
    CAPTURE(name);
    REQUIRE(mine["services"].contains(name));
    const json& got = mine["services"][name];
    for (const char* f : fields) {
      CAPTURE(f);
      CHECK(got.value(f, json()) == svc.value(f, json()));
      compared += svc.contains(f);
    }
    if (svc.contains("deploy")) {
      const json deploy = got.value("deploy", json::object());
      CHECK(deploy.value("resources", json()) == svc["deploy"].value("resources", json()));
      CHECK(deploy.value("restart_policy", json()) == svc["deploy"].value("restart_policy", json()));
      compared += 2;
    }
    if (svc.contains("volumes")) {
      CHECK(got.value("volumes", json()) == mounts_of(svc["volumes"], p.dir));
      ++compared;
    }
  }
  CHECK(compared > 5);
}

std::string env_of(const Project& p, const std::string& service, const std::string& key) {
  const Value* v = p.services()->at({service, "environment", key});
  return v ? v->text("<null>") : "<unset>";
}

}  // namespace

// compose-go golden_test.go: TestGolden loads each input (all profiles,
// GOLDEN_TAG=1.2.3 and GOLDEN_PORT=8080 for web-stack) and compares the
// normalized model: sizes in bytes, links as depends_on, environment maps,
// long-syntax volumes, string commands split.
TEST_CASE("compose-go golden: web-stack") {
  compare_with_golden("golden/web-stack.yaml", "golden/web-stack.golden.yaml",
                      {{"GOLDEN_TAG", "1.2.3"}, {"GOLDEN_PORT", "8080"}});
}

TEST_CASE("compose-go golden: merge-fragments (anchors, merge keys, extends)") {
  compare_with_golden("golden/merge-fragments.yaml", "golden/merge-fragments.golden.yaml", {});
}

TEST_CASE("compose-go golden: runtime-flags (sizes in bytes, ulimits, links and namespaces as depends_on)") {
  compare_with_golden("golden/runtime-flags.yaml", "golden/runtime-flags.golden.yaml", {});
}

// compose-go loader_test.go TestLoadWithExtends: the imported service's
// env_file is relative to the file that defines it, and its contents become
// the environment; ${SOURCE:-imported} uses the project's variables, not the env file's.
TEST_CASE("compose-go testdata: extends from another directory") {
  Project p = compose_test::load({cg("loader-testdata/compose-test-extends.yaml")});
  CHECK(p.name == "compose-test-extends");
  const Value* importer = p.services()->find("importer");
  REQUIRE(importer);
  CHECK(importer->find("image")->text() == "nginx");
  CHECK(importer->find("container_name")->text() == "imported");
  CHECK(env_of(p, "importer", "SOURCE") == "extends");
  auto services = read_services(p);
  REQUIRE(services.size() == 1);
  CHECK(services[0].environment.at("SOURCE") == "extends");
  REQUIRE(services[0].mounts.size() == 1);
  CHECK(services[0].mounts[0].source == "/opt/data");
}

// compose-go include_test.go: an included file's resources join the
// project; its relative paths resolve in its own directory.
TEST_CASE("compose-go testdata: include") {
  Project p = compose_test::load({cg("loader-testdata/compose-include.yaml")});
  CHECK(env_of(p, "bar", "FOO") == "BAR");
  CHECK(env_of(p, "imported", "SOURCE") == "extends");
  CHECK(p.services()->at({"imported", "container_name"})->text() == "imported");

  Project q = compose_test::load({cg("loader-testdata/include/compose.yaml")});
  const std::string inc = fs::path(cg("loader-testdata/include")).lexically_normal().string();
  CHECK(q.resolve_path(q.services()->at({"included", "build", "context"})->text()) == inc);
  auto mounts = read_services(q).at(0).mounts;
  REQUIRE(mounts.size() == 1);
  CHECK(mounts[0].type == "bind");
  CHECK(mounts[0].source == inc);
}

// compose-go TestIncludeWithProjectDirectory: project_directory ../subdir
// makes the included file's relative paths start in subdir.
TEST_CASE("compose-go testdata: include with project_directory") {
  Project p = compose_test::load({cg("loader-testdata/include/project-directory.yaml")});
  const std::string subdir = fs::path(cg("loader-testdata/subdir")).lexically_normal().string();
  CHECK(p.resolve_path(p.services()->at({"service", "build", "context"})->text()) == subdir);
  auto s = read_services(p).at(0);
  REQUIRE(s.mounts.size() == 1);
  CHECK(s.mounts[0].source == subdir + "/compose-test-extends-imported.yaml");
  CHECK(s.environment.at("SOURCE") == "extends");
}

// compose-go TestLoadExtendsAndInclude ("combined"): an included file that
// extends a sibling resolves the sibling's paths in its directory.
TEST_CASE("compose-go testdata: include of a file that extends another") {
  Project p = compose_test::load({cg("loader-testdata/combined/compose.yaml")});
  CHECK(p.resolve_path(p.services()->at({"service", "build", "context"})->text()) ==
        fs::path(cg("loader-testdata/combined/dir")).lexically_normal().string());
}

// compose-go extends_test.go: same-file extends, a sibling file's build
// context, nested directories, !reset in the extending service, an empty service.
TEST_CASE("compose-go testdata: extends cases") {
  Project p = compose_test::load({cg("loader-testdata/extends/base.yaml")});
  CHECK(p.services()->at({"another", "image"})->text() == "base");
  CHECK(p.resolve_path(p.services()->at({"with-build", "build", "context"})->text()) ==
        fs::path(cg("loader-testdata/extends")).lexically_normal().string());
  CHECK(p.services()->find("nil") != nullptr);
  auto services = read_services(p);
  for (const auto& s : services)
    if (s.name == "withUlimits") {
      CHECK(s.ulimits.at("nproc").soft == 65535);
      CHECK(s.ulimits.at("nofile").hard == 40000);
    }

  Project w = compose_test::load({cg("loader-testdata/extends/withdir/compose.yaml")});
  CHECK(w.services()->at({"test", "image"})->text() == "hello-world");

  Project r = compose_test::load({cg("loader-testdata/extends/reset.yaml")});
  CHECK(r.services()->at({"base", "image"})->text() == "alpine:latest");
  CHECK(r.services()->at({"base", "command"}) == nullptr);
  CHECK(read_services(r).at(1).command.empty());
  CHECK(read_services(r).at(0).command == std::vector<std::string>{"sleep", "infinity"});

  Project u = compose_test::load({cg("loader-testdata/compose-test-extends-with-context-url.yaml")});
  CHECK(u.services()->at({"importer-with-https-url", "build", "context"})->text() ==
        "https://github.com/docker/compose.git");
}

// compose-go normalize.go: volumes_from (and links, service: namespaces)
// imply depends_on; `version` is obsolete and ignored.
TEST_CASE("compose-go testdata: volumes_from implies depends_on, version is ignored") {
  Project p = compose_test::load({cg("loader-testdata/compose-test-with-version.yaml")});
  auto services = read_services(p);
  CHECK(services.at(0).name == "web");
  CHECK(services.at(0).depends_on.at("other") == "service_started");
  CHECK(p.services()->at({"web", "depends_on", "other", "required"})->text() == "true");

  Project d = compose_test::load({cg("loader-testdata/extends/depends_on.yaml")});
  for (const char* s : {"with_depends_on", "with_volumes_from", "with_ipc", "with_network_mode"}) {
    CAPTURE(s);
    CHECK(d.services()->at({s, "depends_on", "zot", "condition"})->text() == "service_started");
  }
}

// compose-go cli tests (cli/options_test.go): env files in order, the later
// one wins; the project name from .env's COMPOSE_PROJECT_NAME; name: interpolated
// and normalised; a directory name normalised.
TEST_CASE("compose-go testdata: env files, project names") {
  Project p = compose_test::load({cg("cli-testdata/env-file/compose-with-env-files.yaml")});
  CHECK(env_of(p, "simple", "DEFAULT_PORT") == "9090");
  CHECK(p.services()->at({"simple", "ports"})->seq.at(0).text() == "8000:80");
  CHECK(p.name == "my_project_from_dot_env");
  Project n = compose_test::load({cg("cli-testdata/simple/compose-name.yaml")}, {{"TEST", "Abc"}});
  CHECK(n.name == "test-abc-test");
  Project u = compose_test::load({cg("cli-testdata/UNNORMALIZED PATH/compose.yaml")});
  CHECK(u.name == "unnormalizedpath");
}

// compose-go: depends_on cycles and include cycles are load errors.
TEST_CASE("compose-go testdata: each cycle is one clear error") {
  CHECK_THROWS_WITH_AS(compose_test::load({cg("loader-testdata/compose-depends-on-cycle.yaml")}),
                       doctest::Contains("dependency cycle detected: service1 -> service2 -> service3 -> service1"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(compose_test::load({cg("loader-testdata/compose-depends-on-self.yaml")}),
                       doctest::Contains("service \"service1\" depends on itself"), imgslim::Error);
  CHECK_THROWS_WITH_AS(compose_test::load({cg("loader-testdata/compose-include-cycle.yaml")}),
                       doctest::Contains("include cycle detected"), imgslim::Error);
  compose_test::TempDir dir("extends-cycle");
  std::string a = dir.write("a.yml", "services:\n  x:\n    extends: {file: b.yml, service: y}\n");
  dir.write("b.yml", "services:\n  y:\n    extends: {file: a.yml, service: x}\n");
  CHECK_THROWS_WITH_AS(compose_test::load({a}), doctest::Contains("`extends` cycle: x -> y -> x"), imgslim::Error);
}

// compose-go extends_test.go TestExtendsWithInterpolation: the extended
// file is interpolated with the extending project's variables.
TEST_CASE("compose-go testdata: an extended file is interpolated with the project's variables") {
  compose_test::TempDir dir("extends-interpolated");
  std::string f = dir.write("compose.yml", "services:\n  app:\n    extends:\n      file: " +
                                               cg("loader-testdata/extends/interpolated.yaml") +
                                               "\n      service: foo\n");
  Project with = compose_test::load({f}, {{"SOURCE", "/srv/data"}});
  CHECK(with.services()->at({"app", "volumes"})->seq.at(0).text() == "/srv/data:/tmp/foo:ro");
  Project without = compose_test::load({f});
  CHECK(without.services()->at({"app", "volumes"})->seq.at(0).text() == "/dev/null:/tmp/foo:ro");
  CHECK(read_services(without).at(0).image == "bash");
}
