#include <doctest/doctest.h>

#include "compose/model/dotenv.h"
#include "compose/model/interpolation.h"
#include "tests/compose/compose_test_util.h"
#include "support/error.h"

using namespace imgslim::compose;

TEST_CASE("interpolation: braces, defaults, errors, $$") {
  Environment env = {{"SET", "value"}, {"EMPTY", ""}, {"PORT", "8080"}};
  std::set<std::string> unset;
  Interpolator in{&env, &unset};
  CHECK(in.expand("${SET}", "f") == "value");
  CHECK(in.expand("$SET-x", "f") == "value-x");
  CHECK(in.expand("a${MISSING}b", "f") == "ab");
  CHECK(unset.count("MISSING") == 1);
  CHECK(in.expand("${MISSING:-dflt}", "f") == "dflt");
  CHECK(in.expand("${EMPTY:-dflt}", "f") == "dflt");
  CHECK(in.expand("${EMPTY-dflt}", "f") == "");
  CHECK(in.expand("${MISSING-dflt}", "f") == "dflt");
  CHECK(in.expand("${SET:+alt}", "f") == "alt");
  CHECK(in.expand("${EMPTY:+alt}", "f") == "");
  CHECK(in.expand("${EMPTY+alt}", "f") == "alt");
  CHECK(in.expand("${MISSING:-${PORT}}", "f") == "8080");
  CHECK(in.expand("${MISSING:-${ALSO_MISSING:-deep}}", "f") == "deep");
  CHECK(in.expand("$$HOME and $${SET}", "f") == "$HOME and ${SET}");
  CHECK(in.expand("cost: 5$", "f") == "cost: 5$");
  CHECK_THROWS_WITH_AS(in.expand("${MISSING:?set it}", "compose.yml:3:5"),
                       "compose.yml:3:5: required variable MISSING is missing a value: set it", imgslim::Error);
  CHECK_THROWS_AS(in.expand("${EMPTY:?}", "f"), imgslim::Error);
  CHECK(in.expand("${EMPTY?}", "f") == "");
  CHECK_THROWS_AS(in.expand("${SET", "f"), imgslim::Error);
  CHECK_THROWS_AS(in.expand("${1BAD}", "f"), imgslim::Error);
}

TEST_CASE("dotenv: quotes, export, comments, references, multi-line") {
  compose_test::TempDir dir("dotenv");
  std::string path = dir.write(".env",
                               "# comment\n"
                               "export A=1\n"
                               "B = two words # trailing comment\n"
                               "C='literal $A # not a comment'\n"
                               "D=\"expanded ${A} \\n newline\"\n"
                               "E=${B:-x}-${SHELL_ONLY}\n"
                               "F=\"line one\n"
                               "line two\"\n"
                               "\n");
  Environment env = read_dotenv(path, {{"SHELL_ONLY", "sh"}});
  CHECK(env.at("A") == "1");
  CHECK(env.at("B") == "two words");
  CHECK(env.at("C") == "literal $A # not a comment");
  CHECK(env.at("D") == "expanded 1 \n newline");
  CHECK(env.at("E") == "two words-sh");
  CHECK(env.at("F") == "line one\nline two");

  std::string bad = dir.write("bad.env", "OK=1\nthis line has no equals\n");
  CHECK_THROWS_WITH_AS(read_dotenv(bad, {}), (bad + ":2: expected KEY=VALUE").c_str(), imgslim::Error);
}
