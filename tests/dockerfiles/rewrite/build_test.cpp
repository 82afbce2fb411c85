// Real builds: the rewritten reference backend and frontend are built by the
// engine (BuildKit, --network none) and run. The backend must answer
// /health as a non-root user under dumb-init and exit 0 on `docker stop`
// after its SIGTERM handler ran; the frontend must serve index.html, gzip
// its hashed assets and answer client-side routes with the app shell.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "rewrite_test_support.h"

using namespace rewrite_test;
namespace fs = std::filesystem;

namespace {

const std::string kSource = IMGSLIM_SOURCE_DIR;

// Copies the app's context to a temp folder, rewrites the reference
// Dockerfile into it with --write (.dockerignore too) and builds it.
std::string rewrite_and_build(const std::string& app, const std::string& tag, const std::string& extra) {
  REQUIRE(run("node " + quote(kSource + "/fixtures/apps/generate.mjs") + " >/dev/null 2>&1") == 0);
  const std::string dir = temp_dir("build-" + app);
  fs::remove_all(dir + "/ctx");
  fs::copy(kSource + "/fixtures/apps/" + app, dir + "/ctx", fs::copy_options::recursive);
  fs::remove_all(dir + "/ctx/node_modules");
  fs::remove_all(dir + "/ctx/dist");
  fs::copy_file(kSource + "/dockerfiles/templates/" + app + ".Dockerfile", dir + "/ctx/Dockerfile");
  std::string out;
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --write " + extra + " " + quote(dir + "/ctx/Dockerfile") + " 2>&1", &out) == 0);
  const std::string dockerfile = slurp(dir + "/ctx/Dockerfile");
  CHECK(dockerfile.find("# syntax=") == std::string::npos);
  std::string log;
  int rc = run("DOCKER_BUILDKIT=1 /usr/bin/docker build --network none -q -t " + tag + " -f " +
                   quote(dir + "/ctx/Dockerfile") + " " + quote(dir + "/ctx") + " 2>&1",
               &log);
  INFO(dockerfile);
  INFO(log);
  REQUIRE(rc == 0);
  fs::remove_all(dir);
  return dockerfile;
}

std::string exec_out(const std::string& container, const std::string& cmd) {
  std::string out;
  run("docker exec " + container + " " + cmd + " 2>&1", &out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("rewrite: rewritten reference backend builds, runs as non-root under dumb-init, stops cleanly") {
  const std::string tag = "imgslim-test/rewrite-backend";
  const std::string name = "imgslim-test-rewrite-backend";
  auto dockerfile = rewrite_and_build("backend", tag, "--init-from imgslim/dumb-init:1");
  CHECK(dockerfile.find("npm ci --omit=dev") != std::string::npos);
  run("docker rm -f " + name + " >/dev/null 2>&1");
  REQUIRE(run("docker run -d --name " + name + " --network none " + tag + " >/dev/null") == 0);
  std::string health;
  for (int i = 0; i < 50; ++i) {
    health = exec_out(name, "node -e \"require('http').get('http://127.0.0.1:3000/health', r => { let b = ''; "
                            "r.on('data', d => b += d); r.on('end', () => console.log(r.statusCode, b)); }).on('error', e => console.log(e.code))\"");
    if (health.starts_with("200")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(health.starts_with("200"));
  CHECK(exec_out(name, "id -u") != "0");
  std::string user;
  run("docker inspect -f '{{.Config.User}}' " + name, &user);
  CHECK(user == "node\n");
  CHECK(exec_out(name, "cat /proc/1/cmdline").starts_with(std::string("dumb-init\0--\0node", 17)));
  // Production dependencies only: the compiler (a devDependency) is absent.
  CHECK(exec_out(name, "ls node_modules/@imgslim-fixture").find("compiler") == std::string::npos);
  REQUIRE(run("docker stop -t 10 " + name + " >/dev/null") == 0);
  std::string code, logs;
  run("docker inspect -f '{{.State.ExitCode}}' " + name, &code);
  run("docker logs " + name + " 2>&1", &logs);
  CHECK(code == "0\n");
  CHECK(logs.find("SIGTERM received") != std::string::npos);
  CHECK(logs.find("server closed") != std::string::npos);
  run("docker rm -f " + name + " >/dev/null 2>&1");
}

TEST_CASE("rewrite: rewritten reference frontend serves index.html, gzipped hashed assets and SPA routes") {
  const std::string tag = "imgslim-test/rewrite-frontend";
  const std::string name = "imgslim-test-rewrite-frontend";
  rewrite_and_build("frontend", tag, "");
  run("docker rm -f " + name + " >/dev/null 2>&1");
  REQUIRE(run("docker run -d --name " + name + " --network none " + tag + " >/dev/null") == 0);
  // busybox wget from the host, run inside the container's network namespace.
  const std::string wget = "docker run --rm --network container:" + name +
                           " -v /bin/busybox:/busybox:ro imgslim-test/rewrite-frontend /busybox wget -q -O - ";
  std::string index;
  for (int i = 0; i < 50 && index.find("<div id=\"app\">") == std::string::npos; ++i) {
    run(wget + "http://127.0.0.1:8080/ 2>&1", &index);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(index.find("<div id=\"app\">") != std::string::npos);
  std::string route;
  run(wget + "http://127.0.0.1:8080/items/2 2>&1", &route);
  CHECK(route == index);  // SPA fallback: the client-side route gets the app shell
  auto at = index.find("/assets/");
  REQUIRE(at != std::string::npos);
  std::string asset = index.substr(at, index.find('"', at) - at);
  std::string headers;
  run("docker run --rm --network container:" + name + " -v /bin/busybox:/busybox:ro " + tag +
          " /busybox wget -S -q -O /dev/null --header 'Accept-Encoding: gzip' http://127.0.0.1:8080" + asset + " 2>&1",
      &headers);
  CHECK(headers.find("Content-Encoding: gzip") != std::string::npos);
  CHECK(headers.find("immutable") != std::string::npos);
  CHECK(exec_out(name, "id -u") != "0");
  run("docker rm -f " + name + " >/dev/null 2>&1");
}
