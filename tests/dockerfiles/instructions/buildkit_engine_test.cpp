// The same broken Dockerfiles given to the engine's own BuildKit (through
// the builder's Docker engine, --network none, local bases only): where
// BuildKit refuses a file, imgslim refuses it on the same line with the same
// words (BuildKit's message is a prefix of imgslim's: newer BuildKit
// releases, whose source imgslim follows, add a "did you mean" suggestion);
// where BuildKit builds it, imgslim parses it too, and a broken exec form is
// the shell string lint says it is (the image's Cmd).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "builder/engine.h"
#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"
#include "tests/run_command.h"

using namespace imgslim::dockerfiles;
using imgslim::testing::TempDir;

namespace {

std::string imgslim_problem(const std::string& text) {
  try {
    build_instructions(parse(text));
  } catch (const imgslim::Error& e) {
    return e.what();
  }
  return "";
}

struct EngineResult {
  bool ok = false;
  std::string log;
};

EngineResult engine_build(const std::string& text, const std::string& tag) {
  TempDir dir;
  std::ofstream(dir / "Dockerfile") << text;
  auto engine = imgslim::builder::make_docker_engine();
  imgslim::builder::BuildRequest req;
  req.dockerfile = dir / "Dockerfile";
  req.context = dir.path;
  req.tag = tag;
  req.network = "none";
  req.log_path = dir / "build.log";
  auto outcome = engine->build(req);
  std::ifstream in(req.log_path);
  std::stringstream log;
  log << in.rdbuf();
  return {outcome.ok, log.str()};
}

// "dockerfile parse error line 2: time: invalid duration "banana"" (older
// BuildKit) or "dockerfile parse error on line 2: ..." (newer).
void compare_refusal(const std::string& text, const std::string& tag) {
  const auto built = engine_build(text, tag);
  INFO("engine log: " << built.log);
  REQUIRE_FALSE(built.ok);
  std::smatch m;
  static const std::regex parse_error(R"(dockerfile parse error (?:on )?line (\d+): ([^\n]*))");
  REQUIRE(std::regex_search(built.log, m, parse_error));
  const std::string line = m[1], words = m[2];
  const std::string ours = imgslim_problem(text);
  INFO("imgslim: " << ours);
  CHECK(ours.rfind("Dockerfile:" + line + ":", 0) == 0);
  const std::string problem = ours.substr(ours.find(": ") + 2);
  CHECK(problem.rfind(words, 0) == 0);
}

}  // namespace

TEST_CASE("buildkit engine: the engine's BuildKit refuses what imgslim refuses, with the same words") {
  compare_refusal("FROMM node:20-slim\n", "imgslim-test/security-fromm");
  compare_refusal("FROM node:20-slim\nHEALTHCHECK --interval=banana CMD node -v\n", "imgslim-test/security-banana");
  compare_refusal("FROM node:20-slim\nHEALTHCHECK --timeout=3x CMD node -v\n", "imgslim-test/security-unit");
  compare_refusal("FROM node:20-slim\nHEALTHCHECK --retries=many CMD node -v\n", "imgslim-test/security-retries");
  compare_refusal("FROM node:20-slim\nCOPPY . .\n", "imgslim-test/security-coppy");
}

TEST_CASE("buildkit engine: a CMD missing its closing bracket builds as a shell string, as lint says") {
  const std::string text = "FROM node:20-slim\nENV NODE_ENV=production\nUSER node\nCMD [\"node\", \"a.js\"\n";
  const std::string tag = "imgslim-test/security-execform:1";
  const auto built = engine_build(text, tag);
  INFO("engine log: " << built.log);
  REQUIRE(built.ok);
  auto engine = imgslim::builder::make_docker_engine();
  const auto facts = engine->inspect_image(tag);
  REQUIRE(facts);
  CHECK(facts->cmd == std::vector<std::string>{"/bin/sh", "-c", "[\"node\", \"a.js\""});
  engine->remove_image(tag);

  CHECK(imgslim_problem(text).empty());
  Tree t = parse(text, "Dockerfile");
  std::vector<Finding> findings = lint(t, build_instructions(t), {});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "invalid-exec-form");
  // The string lint quotes is the one the engine put in the image.
  CHECK(findings[0].message.find("`/bin/sh -c '" + facts->cmd[2] + "'`") != std::string::npos);
}
