#include <doctest/doctest.h>

#include "tests/cli/cli_test_util.h"

using namespace imgslim::cli::testing;

TEST_CASE("version: --version names the version and the commit git reports for the checkout") {
  auto r = run_imgslim({"--version"});
  CHECK(r.exit_code == 0);
  auto head = run({"git", "-C", IMGSLIM_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
  REQUIRE(head.exit_code == 0);
  std::string commit = head.out.substr(0, head.out.find('\n'));
  REQUIRE(commit.size() == 12);
  CHECK(r.out.rfind("imgslim 0.1.0 (commit " + commit, 0) == 0);
  CHECK(r.out.back() == '\n');
}

namespace {
std::string cmake_path() {
  auto which = run({"sh", "-c", "command -v cmake"});
  REQUIRE(which.exit_code == 0);
  return which.out.substr(0, which.out.find('\n'));
}
}  // namespace

TEST_CASE("version: without git, or outside a checkout, the generated header says the commit is unknown") {
  std::string dir = scratch("version-nogit");
  const std::string script = std::string(IMGSLIM_SOURCE_DIR) + "/cmake/version.cmake";
  // No git on PATH at all.
  auto r = run({cmake_path(), "-DSOURCE_DIR=" + dir, "-DOUT=" + dir + "/a.h", "-DVERSION=9.8.7", "-P", script},
               {"PATH=/nonexistent"});
  CHECK(r.exit_code == 0);
  std::string header = read_text(dir + "/a.h");
  CHECK(header.find("#define IMGSLIM_VERSION \"9.8.7\"") != std::string::npos);
  CHECK(header.find("#define IMGSLIM_GIT_COMMIT \"unknown\"") != std::string::npos);
  // git present, but no repository to describe.
  r = run({cmake_path(), "-DSOURCE_DIR=" + dir, "-DOUT=" + dir + "/b.h", "-DVERSION=9.8.7", "-P", script},
          {"GIT_DIR=/nonexistent", "GIT_CEILING_DIRECTORIES=/"});
  CHECK(r.exit_code == 0);
  CHECK(read_text(dir + "/b.h").find("#define IMGSLIM_GIT_COMMIT \"unknown\"") != std::string::npos);
}

TEST_CASE("version: an explicit commit wins over git and is sanitised for the header") {
  std::string dir = scratch("version-given");
  std::string out = dir + "/version.h";
  auto r = run({"cmake", "-DSOURCE_DIR=" + std::string(IMGSLIM_SOURCE_DIR), "-DOUT=" + out, "-DVERSION=1.2.3",
                "-DCOMMIT=abc123\"x", "-P", std::string(IMGSLIM_SOURCE_DIR) + "/cmake/version.cmake"});
  CHECK(r.exit_code == 0);
  CHECK(read_text(out).find("#define IMGSLIM_GIT_COMMIT \"abc123_x\"") != std::string::npos);
}
