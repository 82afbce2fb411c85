// Any byte sequence either parses (and prints back exactly) or fails with
// one imgslim::Error; nothing crashes, nothing blows up.
#include <doctest/doctest.h>

#include <random>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"

using namespace imgslim::dockerfiles;

namespace {
// Parses and builds; returns "" on success or the error text.
std::string attempt(const std::string& text) {
  try {
    Tree t = parse(text);
    REQUIRE(print(t) == text);
    std::string joined = t.bom;
    for (const Node& n : t.nodes) {
      std::string pieces;
      for (const Piece& p : n.pieces) pieces += p.text;
      REQUIRE(pieces == n.text);
      joined += n.text;
    }
    REQUIRE(joined == text);
    (void)dump(t);
    build_instructions(t);
    return "";
  } catch (const imgslim::Error& e) {
    return e.what();
  }
}
}  // namespace

TEST_CASE("robustness: random token soup and raw bytes never crash") {
  const std::vector<std::string> tokens = {
      "FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "ARG ", "LABEL ", "ONBUILD ", "HEALTHCHECK ", "CMD ",
      "SHELL ", "EXPOSE ", "USER ", "WORKDIR ", "VOLUME ", "x", "a=b ", "\"", "'", "\\", "`", "\n", "\r\n",
      " ", "\t", "[", "]", "\"a\"", ",", "1", "<<", "<<-", "EOF", "'EOF'", "$", "${", "}", ":-", "#", "%",
      "/", "//", "--mount=type=cache,target=/x ", "--from=", "AS ", "# escape=`\n", "# syntax=x\n",
      std::string(1, '\0'), "\xff", "\xc3", "\xEF\xBB\xBF", "\xe2\x80\xa8", "-", "*", "?"};
  std::mt19937 rng(12345);
  int parsed = 0, rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) {
      if (rng() % 8 == 0) {
        text.push_back(static_cast<char>(rng() % 256));
      } else {
        text += tokens[rng() % tokens.size()];
      }
    }
    std::string err = attempt(text);
    if (err.empty()) {
      ++parsed;
    } else {
      ++rejected;
      CHECK(err.find("Dockerfile") == 0);
    }
  }
  CHECK(parsed > 0);
  CHECK(rejected > 0);
}

TEST_CASE("robustness: NUL, invalid UTF-8, BOM and odd line ends") {
  CHECK(attempt(std::string("FROM a\nRUN echo \0\xff\xfe done\n", 24)).empty());
  CHECK(attempt("\xEF\xBB\xBF# escape=`\nFROM a\nRUN echo `\n  hi\n").empty());
  Tree t = parse("\xEF\xBB\xBF" "FROM a\r\nRUN x \\\r\n  y\r\n");
  CHECK(t.bom == "\xEF\xBB\xBF");
  CHECK(dump(t) == "(from \"a\")\n(run \"x   y\")\n");
  CHECK(t.instructions()[0]->span.begin.column == 1);
  // A lone CR is no line end: BuildKit sees one FROM with three words.
  CHECK(attempt("FROM a\rRUN x\r").find("FROM requires either one or three arguments") != std::string::npos);
}

TEST_CASE("robustness: long lines, unterminated constructs, deep JSON") {
  std::string line(60000, 'a');
  CHECK(attempt("FROM a\nRUN " + line + "\n").empty());
  std::string huge(1 << 20, 'b');
  std::string err = attempt("FROM a\nRUN " + huge + "\n");
  CHECK(err == "Dockerfile:2:1: dockerfile line greater than max allowed size of 65535");
  CHECK(attempt("FROM a\nRUN echo \"unterminated\n").empty());  // shell form: the shell decides
  CHECK(attempt("FROM a\nRUN echo \\").empty());                // continuation at EOF
  CHECK(attempt("FROM a\nCMD [\"a\", \n").empty());             // invalid JSON: shell form
  std::string deep = "FROM a\nCMD " + std::string(20000, '[') + "\n";
  CHECK(attempt(deep).empty());
  CHECK(attempt("FROM a\nENV X=${Y:-a").find("missing '}'") != std::string::npos);
  CHECK(attempt("FROM a\nENV X=${Y").find("unsupported modifier") != std::string::npos);
  CHECK(attempt("FROM a\nCMD [\"a\", 1]\n").find("strings only") != std::string::npos);
}
