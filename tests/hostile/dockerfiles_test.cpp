// Hostile Dockerfiles through `imgslim parse`, `lint` and `rewrite`
// (fixtures/hostile_dockerfiles.cpp). Each command either succeeds or fails
// with one line naming the file (and line) and the problem; rewrite never
// leaves a partial -o file and never writes beside the Dockerfile.
#include "tests/hostile/hostile_harness.h"

using namespace imgslim::testing;

namespace {

struct Outcome {
  int parse = 0;          // exit code of `parse --format json`
  int lint = 0;           // of `lint --format json` (0 clean, 1 findings, 2 error)
  int rewrite = 0;        // of `rewrite -o out.Dockerfile`
  std::string problem;    // in the error line when a command fails
};

void check_dockerfile(const std::string& name, const Outcome& want) {
  HostileCase c(name);
  const std::string file = c.target();
  auto check = [&](const BoundedResult& r, int code) {
    INFO("stderr: " << r.result.err.substr(0, 500));
    CHECK(r.result.exit_code == code);
    if (code == 2) expect_error(r, "Dockerfile", want.problem);
  };

  const auto parse = c.run({"parse", file, "--format", "json"});
  check(parse, want.parse);
  if (want.parse == 0) CHECK(nlohmann::json::accept(parse.result.out));

  const auto lint = c.run({"lint", file, "--format", "json"});
  check(lint, want.lint);
  if (want.lint != 2) CHECK(nlohmann::json::accept(lint.result.out));

  const std::set<std::string> outputs = want.rewrite == 0 ? std::set<std::string>{"out.Dockerfile"} : std::set<std::string>{};
  check(c.run({"rewrite", file, "-o", "out.Dockerfile"}, outputs), want.rewrite);
}

}  // namespace

TEST_CASE("hostile dockerfile: unterminated heredoc") {
  check_dockerfile("dockerfile-unterminated-heredoc", {2, 2, 2, "2:5: unterminated heredoc <<EOF"});
}

TEST_CASE("hostile dockerfile: unterminated quote") {
  check_dockerfile("dockerfile-unterminated-quote",
                   {2, 2, 2, "unexpected end of statement while looking for matching double-quote"});
}

TEST_CASE("hostile dockerfile: continuation at end of file") {
  check_dockerfile("dockerfile-continuation-at-eof", {0, 1, 0, ""});
}

// BuildKit's limit for one line (bufio's token size), with BuildKit's message.
TEST_CASE("hostile dockerfile: a 1 MB line") {
  check_dockerfile("dockerfile-1mb-line", {2, 2, 2, "dockerfile line greater than max allowed size of 65535"});
}

TEST_CASE("hostile dockerfile: NUL bytes") {
  check_dockerfile("dockerfile-nul-bytes", {0, 1, 0, ""});
}

TEST_CASE("hostile dockerfile: invalid UTF-8") {
  check_dockerfile("dockerfile-invalid-utf8", {0, 1, 0, ""});
}

TEST_CASE("hostile dockerfile: exec forms that are not JSON") {
  check_dockerfile("dockerfile-invalid-json-forms", {2, 2, 2, "5:1: SHELL requires the arguments to be in JSON form"});
}

TEST_CASE("hostile dockerfile: unknown instruction") {
  check_dockerfile("dockerfile-unknown-instruction", {2, 2, 2, "2:1: unknown instruction: FROBNICATE"});
}

TEST_CASE("hostile dockerfile: ten thousand stages") {
  check_dockerfile("dockerfile-10000-stages", {0, 1, 0, ""});
}

TEST_CASE("hostile dockerfile: --from cycles") {
  check_dockerfile("dockerfile-from-cycle", {2, 2, 2, "circular dependency detected on stage: d"});
}

TEST_CASE("hostile dockerfile: variable expansion loops") {
  check_dockerfile("dockerfile-expansion-loop", {2, 2, 2, "variable expansion exceeds the size limit"});
}
