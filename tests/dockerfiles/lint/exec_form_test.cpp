// invalid-exec-form on BuildKit's own invalid-JSON test files: BuildKit's
// parser reads them as shell form (their `result` files say so), and lint
// says that the line runs as one shell string, with the exec form it meant.
#include <doctest/doctest.h>

#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/parser.h"
#include "tests/dockerfiles/test_files.h"

using namespace imgslim::dockerfiles;

namespace {
std::vector<Finding> findings_of(const std::string& text, const std::string& rule) {
  Tree t = parse(text, "Dockerfile");
  std::vector<Finding> out;
  for (auto& f : lint(t, build_instructions(t), {}))
    if (f.rule == rule) out.push_back(f);
  return out;
}
std::string testfile(const std::string& name) {
  return imgslim::test::read_whole_file(imgslim::test::shared_dir() / "realworld/buildkit-parser-testfiles" / name /
                                        "Dockerfile");
}
}  // namespace

TEST_CASE("lint exec form: a missing closing bracket runs as a shell string") {
  const std::string text = "FROM node:20-slim\nCMD [\"node\", \"a.js\"\n";
  auto f = findings_of(text, "invalid-exec-form");
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 2);
  CHECK(f[0].column == 1);
  CHECK(f[0].severity == Severity::Error);
  CHECK(f[0].message ==
        "CMD [\"node\", \"a.js\" is not a JSON array of strings, so BuildKit runs it in shell form, as the string "
        "`/bin/sh -c '[\"node\", \"a.js\"'`");
  CHECK(f[0].fix == "CMD [\"node\", \"a.js\"]");
  CHECK(findings_of(text, "shell-form-cmd").empty());  // not the generic shell-form advice
}

TEST_CASE("lint exec form: BuildKit's invalid-JSON test files") {
  const std::string from = "FROM node:20-slim\n";
  auto f = findings_of(from + testfile("jeztah-invalid-json-unterminated-bracket"), "invalid-exec-form");
  REQUIRE(f.size() == 1);
  CHECK(f[0].fix == "CMD [\"echo\", \"Please, close the brackets when you're done\"]");
  CHECK(f[0].message.find("`/bin/sh -c '[\"echo\", \"Please, close the brackets when you'\\''re done\"'`") !=
        std::string::npos);

  f = findings_of(from + testfile("jeztah-invalid-json-single-quotes"), "invalid-exec-form");
  REQUIRE(f.size() == 1);
  CHECK(f[0].fix == "CMD [\"echo\", \"single quotes are invalid JSON\"]");

  f = findings_of(from + testfile("jeztah-invalid-json-unterminated-string"), "invalid-exec-form");
  REQUIRE(f.size() == 1);
  CHECK(f[0].fix == "CMD [\"executable\", \"arg\", ...] with every element in double quotes");

  // Quoted JSON is a shell string on purpose: no invalid-exec-form.
  CHECK(findings_of(from + testfile("jeztah-invalid-json-json-inside-string"), "invalid-exec-form").empty());
  CHECK(findings_of(from + testfile("jeztah-invalid-json-json-inside-string-double"), "invalid-exec-form").empty());
}

TEST_CASE("lint exec form: RUN, ENTRYPOINT and HEALTHCHECK, under the stage's SHELL") {
  auto f = findings_of("FROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [\"make\", \"all\"\n"
                       "ENTRYPOINT ['tini', '--']\nHEALTHCHECK CMD [\"curl\", \"-f\", \"localhost\"\n",
                       "invalid-exec-form");
  REQUIRE(f.size() == 3);
  CHECK(f[0].message.find("`/bin/bash -c '[\"make\", \"all\"'`") != std::string::npos);
  CHECK(f[1].fix == "ENTRYPOINT [\"tini\", \"--\"]");
  CHECK(f[2].message.find("`/bin/sh -c '[\"curl\", \"-f\", \"localhost\"'`") != std::string::npos);
  CHECK(f[2].fix == "HEALTHCHECK CMD [\"curl\", \"-f\", \"localhost\"]");
  CHECK(findings_of("FROM debian\nCMD [\"node\", \"a.js\"]\nRUN echo [x]\n", "invalid-exec-form").empty());
}
