// no-package-managers and prune-modules through the real binary: what they
// write, when they step aside and say why, how they are turned off, and
// --runtime's bad values.
#include <doctest/doctest.h>

#include <filesystem>

#include "rewrite_test_support.h"

using namespace rewrite_test;

namespace {

// The rewritten reference backend (or the error output when it fails).
std::string rewrite(const std::string& args, int* rc = nullptr) {
  std::string out;
  const std::string backend = std::string(IMGSLIM_SOURCE_DIR) + "/dockerfiles/templates/backend.Dockerfile";
  const std::string context = std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/apps/backend";
  const std::string tmp = temp_dir("assembly");
  int code = run(quote(IMGSLIM_BINARY) + " rewrite " + quote(backend) + " --context " + quote(context) +
                     " --init-from imgslim/dumb-init:1 -o " + quote(tmp + "/Dockerfile") + " " + args + " 2>&1",
                 &out);
  if (rc) *rc = code;
  if (code == 0) out = slurp(tmp + "/Dockerfile");
  std::filesystem::remove_all(tmp);
  return out;
}

}  // namespace

TEST_CASE("rewrite: the default runtime is assembled without package managers, and pruned") {
  const std::string out = rewrite("");
  CHECK(out.find("FROM node:20-slim AS node-runtime\nRUN rm -rf /usr/local/lib/node_modules") != std::string::npos);
  CHECK(out.find("FROM scratch\nCOPY --from=node-runtime / /\nENV PATH=") != std::string::npos);
  CHECK(out.find("node /tmp/prune-modules.js /app/node_modules") != std::string::npos);
  // The prune step is the prod-deps stage's last, before the runtime copies its node_modules.
  CHECK(out.find("prune-modules.js") < out.find("COPY --chown=node:node --from=prod-deps /app/node_modules"));
}

TEST_CASE("rewrite: --skip no-package-managers and --skip prune-modules turn them off") {
  const std::string out = rewrite("--skip no-package-managers,prune-modules");
  CHECK(out.find("node-runtime") == std::string::npos);
  CHECK(out.find("FROM scratch") == std::string::npos);
  CHECK(out.find("prune-modules.js") == std::string::npos);
  CHECK(out.find("FROM node:20-slim\n") != std::string::npos);
}

TEST_CASE("rewrite: a runtime started by npm keeps the package managers and explain says why") {
  std::string out;
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --explain " + quote(cases_dir() + "/npm-at-runtime/Dockerfile") + " 2>&1",
              &out) == 0);
  CHECK(out.find("no-package-managers: the runtime starts `npm run serve`, which needs npm at run time") !=
        std::string::npos);
  CHECK(out.find("FROM scratch") == std::string::npos);
}

TEST_CASE("rewrite: --runtime minimal says what the user gives up, and a bad --runtime is one error line") {
  std::string out;
  const std::string backend = std::string(IMGSLIM_SOURCE_DIR) + "/dockerfiles/templates/backend.Dockerfile";
  const std::string context = std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/apps/backend";
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --explain --runtime minimal --init-from imgslim/dumb-init:1 " +
                  quote(backend) + " --context " + quote(context) + " 2>&1",
              &out) == 0);
  CHECK(out.find("the image has no shell") != std::string::npos);
  CHECK(out.find("docker build --target runtime-files") != std::string::npos);
  // dumb-init installed by a RUN of the runtime stage needs a shell there: the default runtime stays, and why.
  REQUIRE(run(quote(IMGSLIM_BINARY) + " rewrite --explain --runtime minimal " + quote(backend) + " --context " +
                  quote(context) + " 2>&1",
              &out) == 0);
  CHECK(out.find("--runtime minimal: the runtime stage runs `RUN") != std::string::npos);
  CHECK(out.find("which needs a shell; the runtime keeps a shell (the default runtime)") != std::string::npos);
  CHECK(out.find("COPY --from=node-runtime / /") != std::string::npos);
  int rc = 0;
  out = rewrite("--runtime tiny", &rc);
  CHECK(rc == 2);
  CHECK(out == "imgslim: --runtime: must be default or minimal, not 'tiny'\n");
}
