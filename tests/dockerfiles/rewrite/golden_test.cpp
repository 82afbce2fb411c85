// Golden tests: every case under tests/dockerfiles/rewrite/cases is rewritten by the real
// binary and compared byte for byte with tests/dockerfiles/rewrite/golden/<case>.Dockerfile
// (IMGSLIM_UPDATE_GOLDEN=1 rewrites the goldens for review); the output
// rewritten again must come back unchanged.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "rewrite_test_support.h"

using namespace rewrite_test;
namespace fs = std::filesystem;

namespace {

std::string rewrite_cmd(const std::vector<std::string>& args, const std::string& dockerfile, const std::string& out) {
  std::string cmd = quote(IMGSLIM_BINARY) + " rewrite";
  // Replace the Dockerfile argument (first), keep every option.
  cmd += " " + quote(dockerfile);
  bool context = false;
  for (size_t i = 1; i < args.size(); ++i) {
    cmd += " " + quote(args[i]);
    context = context || args[i] == "--context";
  }
  if (!context) cmd += " --context " + quote(fs::path(args[0]).parent_path().string());
  return cmd + " -o " + quote(out) + " 2>&1";
}

}  // namespace

TEST_CASE("rewrite: golden outputs, byte for byte, and idempotent") {
  const bool update = std::getenv("IMGSLIM_UPDATE_GOLDEN") != nullptr;
  const auto tmp = temp_dir("golden");
  for (const auto& name : case_names()) {
    CAPTURE(name);
    auto args = case_args(name);
    const std::string out = tmp + "/" + name + ".Dockerfile";
    std::string log;
    REQUIRE(run(rewrite_cmd(args, args[0], out), &log) == 0);
    const std::string got = slurp(out);
    const std::string golden = std::string(IMGSLIM_SOURCE_DIR) + "/tests/dockerfiles/rewrite/golden/" + name + ".Dockerfile";
    if (update) spit(golden, got);
    CHECK(got == slurp(golden));
    CHECK(got.find("# syntax=") == std::string::npos);
    // Idempotence: the output rewritten again is the same bytes.
    const std::string again = tmp + "/" + name + ".again";
    REQUIRE(run(rewrite_cmd(args, out, again), &log) == 0);
    CHECK(slurp(again) == got);
  }
  fs::remove_all(tmp);
}

TEST_CASE("rewrite: an already good Dockerfile gets \"no changes\" and exit 0") {
  std::string out;
  const std::string dir = cases_dir() + "/already-good";
  CHECK(run(quote(IMGSLIM_BINARY) + " rewrite " + quote(dir + "/Dockerfile"), &out) == 0);
  CHECK(out.starts_with("no changes"));
}

TEST_CASE("rewrite: a non-Node Dockerfile gets the generic rules and says so") {
  std::string out;
  const std::string dir = cases_dir() + "/non-node";
  CHECK(run(quote(IMGSLIM_BINARY) + " rewrite --explain " + quote(dir + "/Dockerfile"), &out) == 0);
  CHECK(out.find("not a Node.js project") != std::string::npos);
  CHECK(out.find("multi-stage") == std::string::npos);
  CHECK(out.find("USER app") != std::string::npos);
}

TEST_CASE("rewrite: bad input is one error line and exit 2, no output file") {
  std::string out;
  const auto tmp = temp_dir("bad");
  spit(tmp + "/Dockerfile", "FROM node:20\nRUN <<EOF\nnever ends\n");
  CHECK(run(quote(IMGSLIM_BINARY) + " rewrite " + quote(tmp + "/Dockerfile") + " -o " + quote(tmp + "/out") + " 2>&1",
            &out) == 2);
  CHECK(out.starts_with("imgslim: "));
  CHECK_FALSE(fs::exists(tmp + "/out"));
  CHECK(run(quote(IMGSLIM_BINARY) + " rewrite " + quote(tmp + "/missing") + " 2>&1", &out) == 2);
  CHECK(run(quote(IMGSLIM_BINARY) + " rewrite --only nope " + quote(cases_dir() + "/heredoc/Dockerfile") + " 2>&1",
            &out) == 2);
  CHECK(out.find("unknown rule 'nope'") != std::string::npos);
  fs::remove_all(tmp);
}

TEST_CASE("rewrite: --only/--skip, --variants, --explain, json, --write with .dockerignore") {
  const auto tmp = temp_dir("cli");
  const std::string src = cases_dir() + "/escape-directive";
  for (auto f : {"Dockerfile", "package.json", "package-lock.json", "app.js"})
    fs::copy_file(src + "/" + f, tmp + "/" + f, fs::copy_options::overwrite_existing);
  std::string out;
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --only non-root " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.find("+USER node") != std::string::npos);
  CHECK(out.find("dumb-init") == std::string::npos);
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --skip init,dockerignore --explain " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.find("dumb-init") == std::string::npos);
  CHECK(out.find("layer-order") != std::string::npos);
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --variants " + quote(tmp + "/v") + " " + quote(tmp + "/Dockerfile"), &out) == 0);
  for (auto v : {"all", "multi-stage", "non-root", "init", "slim-base", "prod-deps"})
    CHECK(fs::exists(tmp + "/v/" + std::string(v) + ".Dockerfile"));
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --format json " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.find("\"schema_version\": 1") != std::string::npos);
  CHECK(out.find("\"rule\": \"multi-stage\"") != std::string::npos);
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --write " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(slurp(tmp + "/.dockerignore").find("node_modules") != std::string::npos);
  CHECK(slurp(tmp + "/Dockerfile") == slurp(tmp + "/v/all.Dockerfile"));
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite " + quote(tmp + "/Dockerfile"), &out) == 0);
  CHECK(out.starts_with("no changes"));
  fs::remove_all(tmp);
}
