// The project corpus (fixtures/projects/<shape>/, issue #28): eleven Node.js
// projects shaped like public ones, each with the naive Dockerfile its users
// write. For each: the ORIGINAL builds with the real engine (BuildKit,
// --network none; built once per context content, found again by a label
// with its fingerprint) and answers its smoke route; then `imgslim rewrite
// --write` must give a Dockerfile that builds, answers the same route as a
// non-root user under dumb-init, makes a smaller image, leaves no lint finding
// of a rule the rewriter owns unless the rewrite names it in "left", and is
// a fixed point (a second rewrite changes nothing).
// Sizes are printed (MESSAGE) for the README.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "builder/engine.h"
#include "tests/run_command.h"

namespace fs = std::filesystem;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;

namespace {

const std::string kSource = IMGSLIM_SOURCE_DIR;

// The rules `imgslim rewrite` owns, by their lint ids (dockerfiles/lint/rules/):
// its nine rewrite rules (the healthcheck rule is lint's no-healthcheck) and
// the lint rules its runtime stage answers.
const std::set<std::string> kOwned = {"multi-stage", "layer-order",  "prod-deps",      "slim-base",
                                      "non-root",    "init",         "no-healthcheck", "cache-mounts",
                                      "dockerignore", "node-env",    "npm-as-runtime", "shell-form-cmd",
                                      "apt-hygiene"};
// rewrite's ids where they differ from lint's
std::string lint_id(const std::string& rewrite_rule) {
  return rewrite_rule == "healthcheck" ? "no-healthcheck" : rewrite_rule;
}

struct Project {
  std::string name;
  int port;
  std::string path;  // smoke route: must answer 200
};

std::string sh(const std::string& command, int* rc = nullptr) {
  auto r = run({"/bin/sh", "-c", command});
  if (rc) *rc = r.exit_code;
  return r.out + r.err;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string q(const std::string& w) { return "'" + w + "'"; }

std::string slurp(const std::string& path) {
  auto r = run({"cat", path});
  return r.out;
}

// BuildKit builds with a CLI that has it (Debian's docker.io < 23 under
// DOCKER_BUILDKIT=1, or buildx), as build_test.cpp and scripts/bases/build.sh.
std::string build_command() {
  if (run({"docker", "buildx", "version"}).exit_code == 0) return "docker buildx build --load";
  return "DOCKER_BUILDKIT=1 /usr/bin/docker build";
}

int build(const std::string& ctx, const std::string& tag, const std::string& label, std::string* log) {
  int rc = 0;
  *log = sh(build_command() + " --network none -q " + label + " -t " + tag + " -f " + q(ctx + "/Dockerfile") + " " +
                q(ctx) + " 2>&1",
            &rc);
  if (log->size() > 6000) *log = "…" + log->substr(log->size() - 6000);
  return rc;
}

long long image_size(const std::string& tag) {
  auto out = trim(sh("docker image inspect -f '{{.Size}}' " + tag + " 2>/dev/null"));
  return out.empty() ? -1 : std::stoll(out);
}

std::string mb(long long bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

// Content fingerprint of a context plus the base images it builds on.
std::string fingerprint(const std::string& ctx) {
  return trim(sh("cd " + q(ctx) +
                 " && { find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; "
                 "docker image inspect -f '{{.Id}}' node:20 node:20-slim 2>&1; } | sha256sum | cut -c1-24"));
}

// Starts the image (no network), asks the smoke route from inside with node.
struct Container {
  std::string name;
  explicit Container(std::string n) : name(std::move(n)) { sh("docker rm -f " + name + " >/dev/null 2>&1"); }
  ~Container() { sh("docker rm -f " + name + " >/dev/null 2>&1"); }
  bool start(const std::string& tag, std::string* err) {
    int rc = 0;
    *err = sh("docker run -d --name " + name + " --network none " + tag + " 2>&1", &rc);
    return rc == 0;
  }
  std::string exec(const std::string& cmd) { return trim(sh("docker exec " + name + " " + cmd + " 2>&1")); }
  std::string probe(const Project& p) {
    const std::string js = "require('http').get('http://127.0.0.1:" + std::to_string(p.port) + p.path +
                           "', r => { console.log(r.statusCode); r.resume(); }).on('error', e => console.log(e.code))";
    std::string got;
    for (int i = 0; i < 60; ++i) {
      got = exec("node -e \"" + js + "\"");
      if (got == "200") break;
      if (trim(sh("docker inspect -f '{{.State.Running}}' " + name)) != "true") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return got;
  }
  std::string logs() {
    auto out = sh("docker logs " + name + " 2>&1");
    return out.size() > 3000 ? "…" + out.substr(out.size() - 3000) : out;
  }
};

void check_project(const Project& p) {
  // Tarballs, lockfiles, the Yarn release; a no-op when up to date (flock:
  // ctest runs these cases in parallel).
  int rc = 0;
  std::string gen = sh("flock /tmp/imgslim-fixture-projects.lock node " + q(kSource + "/fixtures/projects/generate.mjs") +
                           " 2>&1",
                       &rc);
  INFO(gen);
  REQUIRE(rc == 0);
  auto engine = imgslim::builder::make_docker_engine();
  for (const char* image : {"node:20", "node:20-slim", "imgslim/dumb-init:1"}) {
    std::string message = std::string("base image ") + image + " missing: run scripts/bases/build.sh";
    REQUIRE_MESSAGE(engine->inspect_image(image).has_value(), std::string(message));
  }

  const std::string tmp = (fs::temp_directory_path() / ("imgslim-test-project-" + p.name)).string();
  fs::remove_all(tmp);
  const std::string orig_ctx = tmp + "/original", ctx = tmp + "/rewrite";
  fs::create_directories(tmp);
  fs::copy(kSource + "/fixtures/projects/" + p.name, orig_ctx, fs::copy_options::recursive);
  const std::string original_dockerfile = slurp(orig_ctx + "/Dockerfile");

  // 1. The original: built once per context content.
  const std::string orig_tag = "imgslim-test/project-" + p.name + ":original";
  const std::string fp = fingerprint(orig_ctx);
  std::string have = trim(sh("docker image inspect -f '{{index .Config.Labels \"org.imgslim.test.context\"}}' " +
                             orig_tag + " 2>/dev/null"));
  if (have != fp) {
    std::string log;
    int brc = build(orig_ctx, orig_tag, "--label org.imgslim.test.context=" + fp, &log);
    INFO("original Dockerfile:\n" << original_dockerfile);
    INFO("build log:\n" << log);
    REQUIRE_MESSAGE(brc == 0, std::string("the ORIGINAL Dockerfile of " + p.name + " does not build"));
  }
  const long long orig_size = image_size(orig_tag);
  {
    Container c("imgslim-test-project-" + p.name + "-original");
    std::string err;
    REQUIRE_MESSAGE(c.start(orig_tag, &err), std::string(err));
    const std::string got = c.probe(p);
    INFO("container logs:\n" << c.logs());
    REQUIRE_MESSAGE(got == "200", std::string("original " + p.name + ": GET " + p.path + " on :" + std::to_string(p.port) +
                                      " answered " + got));
  }

  // 2. The rewrite: what it says it leaves (on the original), then --write.
  fs::copy(orig_ctx, ctx, fs::copy_options::recursive);
  auto plan = run_imgslim({"rewrite", "--format", "json", "--init-from", "imgslim/dumb-init:1", ctx + "/Dockerfile"});
  INFO("rewrite --format json: " << plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  std::set<std::string> left;
  auto plan_json = nlohmann::json::parse(plan.out);
  if (plan_json.contains("left"))
    for (const auto& l : plan_json["left"]) left.insert(lint_id(l.value("rule", "")));
  auto wrote = run_imgslim({"rewrite", "--write", "--init-from", "imgslim/dumb-init:1", ctx + "/Dockerfile"});
  REQUIRE_MESSAGE(wrote.exit_code == 0, std::string(wrote.err));
  const std::string dockerfile = slurp(ctx + "/Dockerfile");
  INFO("rewritten Dockerfile:\n" << dockerfile);
  CHECK(dockerfile.find("# syntax=") == std::string::npos);

  // 3. Lint on the rewrite: no finding of an owned rule that "left" does not name.
  auto lint = run_imgslim({"lint", "--format", "json", "--context", ctx, ctx + "/Dockerfile"});
  std::string unexplained, seen;
  try {
    const auto report = nlohmann::json::parse(lint.out);  // kept: the loop reads into it
    for (const auto& f : report.at("findings")) {
      const std::string rule = f.value("rule", "");
      seen += " " + rule;
      if (kOwned.count(rule) && !left.count(rule))
        unexplained += rule + " (line " + std::to_string(f.value("line", 0)) + "): " + f.value("message", "") + "\n";
    }
  } catch (const std::exception& e) {
    unexplained = std::string("lint output is not JSON: ") + e.what() + "\n" + lint.out + lint.err;
  }
  MESSAGE(p.name << ": lint on the rewrite:" << (seen.empty() ? std::string(" no findings") : seen));
  CHECK_MESSAGE(unexplained.empty(), std::string("lint findings of rules the rewriter owns, not named as left:\n" + unexplained));

  // 4. A fixed point.
  auto again = run_imgslim({"rewrite", "--format", "json", "--init-from", "imgslim/dumb-init:1", ctx + "/Dockerfile"});
  bool changed = true;
  try { changed = nlohmann::json::parse(again.out).value("changed", true); } catch (...) {}
  CHECK_MESSAGE(!changed, std::string("a second rewrite changes the rewritten Dockerfile: " + again.out.substr(0, 3000)));

  // 5. Build and run the rewrite.
  const std::string tag = "imgslim-test/project-" + p.name + ":rewrite";
  std::string log;
  const int brc = build(ctx, tag, "", &log);
  {
    INFO("build log:\n" << log);
    REQUIRE_MESSAGE(brc == 0, std::string("the rewritten Dockerfile of " + p.name + " does not build"));
  }
  const long long size = image_size(tag);
  MESSAGE(p.name << ": original " << mb(orig_size) << " -> rewrite " << mb(size));
  std::printf("project %s: original %lld bytes (%s), rewrite %lld bytes (%s)\n", p.name.c_str(), orig_size,
              mb(orig_size).c_str(), size, mb(size).c_str());
  CHECK_MESSAGE(size < orig_size, std::string("rewrite " + mb(size) + " is not smaller than the original " + mb(orig_size)));

  Container c("imgslim-test-project-" + p.name + "-rewrite");
  std::string err;
  REQUIRE_MESSAGE(c.start(tag, &err), std::string(err));
  const std::string got = c.probe(p);
  INFO("container logs:\n" << c.logs());
  CHECK_MESSAGE(got == "200", std::string("rewrite of " + p.name + ": GET " + p.path + " on :" + std::to_string(p.port) +
                                  " answered " + got));
  if (got != "200") return;  // the container is gone: uid and PID 1 cannot be read
  const std::string uid = c.exec("id -u");
  CHECK_MESSAGE(uid != "0", std::string("the rewrite runs as uid " + uid));
  const std::string cmdline = c.exec("cat /proc/1/cmdline");
  CHECK_MESSAGE(cmdline.rfind("dumb-init", 0) == 0, std::string("PID 1 is not dumb-init: " + cmdline));
  fs::remove_all(tmp);
}

}  // namespace

TEST_CASE("projects: npm-typescript-api - npm - tsc to dist - CMD npm start") {
  check_project({"npm-typescript-api", 3000, "/health"});
}
TEST_CASE("projects: yarn-classic-build - yarn 1 - output in build - CMD yarn start") {
  check_project({"yarn-classic-build", 8080, "/healthz"});
}
TEST_CASE("projects: yarn-berry-api - yarn 4 via yarnPath - node-modules linker") {
  check_project({"yarn-berry-api", 4000, "/api/health"});
}
TEST_CASE("projects: pnpm-api - pnpm via corepack - PNPM_HOME") {
  check_project({"pnpm-api", 8000, "/health"});
}
TEST_CASE("projects: npm-workspaces - npm workspaces - api and shared built with tsc") {
  check_project({"npm-workspaces", 3000, "/health"});
}
TEST_CASE("projects: yarn-workspaces - yarn workspace @acme/api start") {
  check_project({"yarn-workspaces", 3000, "/health"});
}
TEST_CASE("projects: pnpm-workspaces - pnpm-workspace.yaml - apps and packages") {
  check_project({"pnpm-workspaces", 3000, "/health"});
}
TEST_CASE("projects: next-standalone - output standalone - pages/api/health") {
  check_project({"next-standalone", 3000, "/api/health"});
}
TEST_CASE("projects: next-server - next start -p 3000 - CMD npm start") {
  check_project({"next-server", 3000, "/api/health"});
}
TEST_CASE("projects: esm-app - type module - no build step") {
  check_project({"esm-app", 3000, "/"});
}
TEST_CASE("projects: native-addon - node-gyp builds a Node-API addon at install") {
  check_project({"native-addon", 3000, "/health"});
}
