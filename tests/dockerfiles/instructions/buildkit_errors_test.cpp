// Broken input gets BuildKit's words, line and column (issue #29 point 7):
// an unknown instruction is reported as such (with BuildKit's "did you mean"
// suggestion) before any missing stage, and HEALTHCHECK's durations and
// retries are parsed with Go's time.ParseDuration / strconv.ParseInt rules and
// errors, as BuildKit's instructions package does.
#include <doctest/doctest.h>

#include "dockerfiles/instructions/go_duration.h"
#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"
#include "tests/dockerfiles/test_files.h"

using namespace imgslim::dockerfiles;

namespace {
std::string problem(const std::string& text) {
  try {
    build_instructions(parse(text));
  } catch (const imgslim::Error& e) {
    return e.what();
  }
  return "no error";
}
std::string healthcheck(const std::string& flags) { return problem("FROM a\nHEALTHCHECK " + flags + " CMD x\n"); }
}  // namespace

TEST_CASE("buildkit errors: an unknown instruction, with BuildKit's suggestion") {
  CHECK(problem("FROMM node:20\n") == "Dockerfile:1:1: unknown instruction: FROMM (did you mean FROM?)");
  CHECK(problem("fromm node:20\n") == "Dockerfile:1:1: unknown instruction: fromm (did you mean from?)");
  CHECK(problem("FROM a\n  COPPY . .\n") == "Dockerfile:2:3: unknown instruction: COPPY (did you mean COPY?)");
  CHECK(problem("FROM a\nWorkDri /x\n") == "Dockerfile:2:1: unknown instruction: WorkDri (did you mean workdir?)");
  CHECK(problem("FROM a\nFROBNICATE x\n") == "Dockerfile:2:1: unknown instruction: FROBNICATE");
  // A known instruction before FROM is parsed first, then has no stage.
  CHECK(problem("RUN x\n") == "Dockerfile:1:1: no build stage in current context");
  CHECK(problem("HEALTHCHECK --interval=banana CMD x\nFROM a\n") ==
        "Dockerfile:1:1: time: invalid duration \"banana\"");
}

TEST_CASE("buildkit errors: HEALTHCHECK durations and retries as Go parses them") {
  CHECK(healthcheck("--interval=banana") == "Dockerfile:2:1: time: invalid duration \"banana\"");
  CHECK(healthcheck("--interval=5") == "Dockerfile:2:1: time: missing unit in duration \"5\"");
  CHECK(healthcheck("--timeout=3x") == "Dockerfile:2:1: time: unknown unit \"x\" in duration \"3x\"");
  CHECK(healthcheck("--start-period=.s") == "Dockerfile:2:1: time: invalid duration \".s\"");
  CHECK(healthcheck("--interval=500us") == "Dockerfile:2:1: Interval \"interval\" cannot be less than 1ms");
  CHECK(healthcheck("--start-interval=-1s") ==
        "Dockerfile:2:1: Interval \"start-interval\" cannot be less than 1ms");
  CHECK(healthcheck("--retries=abc") == "Dockerfile:2:1: strconv.ParseInt: parsing \"abc\": invalid syntax");
  CHECK(healthcheck("--retries=99999999999") ==
        "Dockerfile:2:1: strconv.ParseInt: parsing \"99999999999\": value out of range");
  CHECK(healthcheck("--retries=-2") == "Dockerfile:2:1: --retries cannot be negative (-2)");
  // BuildKit checks interval, timeout, start-period, start-interval, retries in that order.
  CHECK(healthcheck("--retries=x --timeout=y --interval=1s") == "Dockerfile:2:1: time: invalid duration \"y\"");
  // What BuildKit accepts.
  CHECK(healthcheck("--interval=1h2m3.5s --timeout=0 --start-period=1.5m --start-interval=1ms --retries=+3") ==
        "no error");
  CHECK(healthcheck("--interval= --retries=") == "no error");
  // BuildKit's own health test file: its lines are refused one by one with
  // BuildKit's words until only the valid ones (zero durations included) are left.
  std::string health = imgslim::test::read_whole_file(imgslim::test::shared_dir() /
                                                      "realworld/buildkit-parser-testfiles/health/Dockerfile");
  REQUIRE_FALSE(health.empty());
  const auto drop = [&](const std::string& line) {
    auto at = health.find(line + "\n");
    REQUIRE(at != std::string::npos);
    health.erase(at, line.size() + 1);
  };
  CHECK(problem(health) == "Dockerfile:4:1: HEALTHCHECK requires at least one argument");
  drop("HEALTHCHECK");
  CHECK(problem(health) == "Dockerfile:6:1: Missing command after HEALTHCHECK CMD");
  drop("HEALTHCHECK CMD");
  CHECK(problem(health) == "Dockerfile:8:1: Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
  drop("HEALTHCHECK CONNECT TCP 7000");
  CHECK(problem(health) == "no error");
}

TEST_CASE("buildkit errors: Go's duration grammar") {
  auto ns = [](const std::string& s) -> std::int64_t {
    auto d = go_parse_duration(s);
    return std::holds_alternative<std::int64_t>(d) ? std::get<std::int64_t>(d) : -424242;
  };
  CHECK(ns("0") == 0);
  CHECK(ns("-0") == 0);
  CHECK(ns("1.5h") == 5400000000000);
  CHECK(ns("1h2m3.5s") == 3723500000000);
  CHECK(ns("300ms") == 300000000);
  CHECK(ns("2\xc2\xb5s") == 2000);
  CHECK(ns("2\xce\xbcs") == 2000);
  CHECK(ns(".5s") == 500000000);
  CHECK(ns("5.s") == 5000000000);
  CHECK(ns("-1.5s") == -1500000000);
  CHECK(ns("9223372036854775807ns") == 9223372036854775807);
  CHECK(std::get<std::string>(go_parse_duration("9223372036854775808ns")) ==
        "time: invalid duration \"9223372036854775808ns\"");
  CHECK(std::get<std::string>(go_parse_duration("")) == "time: invalid duration \"\"");
  CHECK(std::get<std::string>(go_parse_duration("1d")) == "time: unknown unit \"d\" in duration \"1d\"");
  CHECK(std::get<std::string>(go_parse_duration("5\x01s")) == "time: unknown unit \"\\x01s\" in duration \"5\\x01s\"");
}
