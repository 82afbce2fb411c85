// tests/test_main.cpp, proved on this very executable: a run whose filters
// match no test case, and a test case that evaluates no assertion, fail.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "tests/run_command.h"

using imgslim::testing::run;

namespace {
const std::string kSelf = "/proc/self/exe";
constexpr const char* kProbeName = "doctest main: probe that asserts unless IMGSLIM_PROBE_SILENT is set";
}  // namespace

TEST_CASE("doctest main: probe that asserts unless IMGSLIM_PROBE_SILENT is set") {
  if (std::getenv("IMGSLIM_PROBE_SILENT")) return;
  CHECK(std::string(kProbeName).find("probe") != std::string::npos);
}

TEST_CASE("doctest main: a filter matching no test case fails the run") {
  const auto r = run({kSelf, "--test-case=no test case has this name"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no test case matched the filters") != std::string::npos);
  // The ctest form of a name split at ';': each half alone matches nothing.
  const auto half = run({kSelf, "--test-case=doctest main: probe that asserts unless IMGSLIM_PROBE_SILENT"});
  CHECK(half.exit_code == 1);
  CHECK(half.err.find("no test case matched the filters") != std::string::npos);
}

TEST_CASE("doctest main: the probe alone passes, and fails when it evaluates no assertion") {
  const auto ok = run({kSelf, std::string("--test-case=") + kProbeName});
  CHECK_MESSAGE(ok.exit_code == 0, ok.out << ok.err);
  CHECK(ok.out.find("1 passed") != std::string::npos);
  const auto silent = run({kSelf, std::string("--test-case=") + kProbeName}, {"IMGSLIM_PROBE_SILENT=1"});
  CHECK(silent.exit_code == 1);
  CHECK(silent.err.find(std::string("test case \"") + kProbeName + "\" ran without evaluating any assertion") !=
        std::string::npos);
}

TEST_CASE("doctest main: queries still work (discovery lists every test case)") {
  const auto list = run({kSelf, "--list-test-cases"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find(kProbeName) != std::string::npos);
  CHECK(list.out.find("doctest main: a filter matching no test case fails the run") != std::string::npos);
  const auto count = run({kSelf, "--count", "--test-case=no test case has this name"});
  CHECK(count.exit_code == 0);
}

TEST_CASE("doctest main: names ctest would split or merge fail every run, discovery included") {
  for (const char* query : {"--list-test-cases", "--test-case=probe: a good name"}) {
    CAPTURE(query);
    const auto r = run({IMGSLIM_BAD_NAME_PROBE, query});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("probe: a good name") == std::string::npos);  // nothing listed, nothing run
    CHECK(r.err.find("test case \"probe: a name; split by ctest\" holds ';'") != std::string::npos);
    CHECK(r.err.find("test case \"probe: a [bracketed] name\" holds '['") != std::string::npos);
    CHECK(r.err.find("is also the name (ignoring case) of the test case at") != std::string::npos);
    CHECK(r.err.find("good name\" ") == std::string::npos);
  }
}
