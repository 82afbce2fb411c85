// BuildKit's shell/envVarTest (unix rows) and shell/wordsTest, plus the
// pattern operators upstream tests only in Go code.
#include <doctest/doctest.h>

#include <sstream>

#include "dockerfiles/syntax/shell_lexer.h"
#include "tests/dockerfiles/test_files.h"

using namespace imgslim::dockerfiles;
using imgslim::test::read_whole_file;
using imgslim::test::shared_dir;

namespace {
std::string trim(std::string s) {
  const char* ws = " \t\r\n\v\f";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}
}  // namespace

TEST_CASE("shell: the 228 unix rows of BuildKit's envVarTest") {
  std::istringstream in(read_whole_file(shared_dir() / "realworld/buildkit-parser-extra-testdata/shell/envVarTest"));
  Environment env;
  env.set("PWD", "/home");
  env.set("SHELL", "bash");
  env.set("KOREAN", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4");
  env.set("NULL", "");
  ShellLexer lex('\\');
  std::string line;
  int rows = 0, errors = 0, passed = 0;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) continue;
    line = trim(line);
    if (line.empty()) continue;
    auto f = split(line, '|');
    REQUIRE(f.size() == 3);
    std::string platform = trim(f[0]), source = trim(f[1]), expected = trim(f[2]);
    if (platform != "A" && platform != "U") continue;
    ++rows;
    CAPTURE(source);
    if (expected == "error") {
      ++errors;
      bool threw = false;
      try {
        lex.process_word(source, env);
      } catch (const ShellError&) {
        threw = true;
      }
      CHECK(threw);
      passed += threw;
    } else {
      std::string got;
      CHECK_NOTHROW(got = lex.process_word(source, env));
      CHECK(got == expected);
      passed += got == expected;
    }
  }
  CHECK(rows == 228);
  CHECK(errors == 36);
  CHECK(passed == 228);
}

TEST_CASE("shell: the 24 cases of BuildKit's wordsTest") {
  std::istringstream in(read_whole_file(shared_dir() / "realworld/buildkit-parser-extra-testdata/shell/wordsTest"));
  Environment env;
  ShellLexer lex('\\');
  std::string line;
  int cases = 0, passed = 0;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) continue;
    if (line.rfind("ENV ", 0) == 0) {
      auto eq = line.find('=');
      std::string key = trim(line.substr(4, eq - 4));
      env.set(key, line.substr(eq + 1));
      continue;
    }
    auto f = split(line, '|');
    if (f.size() != 2) continue;
    ++cases;
    // Like upstream: the expected side loses only its leading spaces.
    std::string source = trim(f[0]), expected = f[1].substr(std::min(f[1].find_first_not_of(' '), f[1].size()));
    CAPTURE(source);
    if (expected == "error") {
      CHECK_THROWS_AS(lex.process_words(source, env), ShellError);
      ++passed;
      continue;
    }
    std::vector<std::string> want = split(expected, ',');
    std::vector<std::string> got;
    CHECK_NOTHROW(got = lex.process_words(source, env));
    CHECK(got == want);
    passed += got == want;
  }
  CHECK(cases == 24);
  CHECK(passed == 24);
}

TEST_CASE("shell: prefix, suffix and replacement patterns") {
  Environment env;
  env.set("path", "/usr/local/lib/node.tar.gz");
  env.set("v", "aaa-bbb-aaa");
  env.set("nl", "ab\ncd");
  ShellLexer lex;
  const auto w = [&](const char* s) { return lex.process_word(s, env); };
  CHECK(w("${path#*/}") == "usr/local/lib/node.tar.gz");
  CHECK(w("${path##*/}") == "node.tar.gz");
  CHECK(w("${path%.*}") == "/usr/local/lib/node.tar");
  CHECK(w("${path%%.*}") == "/usr/local/lib/node");
  CHECK(w("${path%/*}") == "/usr/local/lib");
  CHECK(w("${v/a/x}") == "xaa-bbb-aaa");
  CHECK(w("${v//a/x}") == "xxx-bbb-xxx");
  CHECK(w("${v/b?b/X}") == "aaa-X-aaa");
  CHECK(w("${v//-*-/+}") == "aaa+aaa");
  CHECK(w("${v#a?a}") == "-bbb-aaa");
  CHECK(w("${v%\\*}") == "aaa-bbb-aaa");
  CHECK(w("${unset:-x}${unset-y}${v:+set}") == "xyset");
  CHECK(w("${nl%%*}") == "ab\n");  // '*' does not cross a newline (Go's '.')
  CHECK(w("${nl#*}") == "ab\ncd");
  CHECK_THROWS_AS(w("${v#\\x}"), ShellError);
  CHECK_THROWS_AS(w("${v:#x}"), ShellError);
  CHECK_THROWS_AS(w("${v/a"), ShellError);
  CHECK_THROWS_AS(w("${v:?must be set}x${unset:?}"), ShellError);
}

TEST_CASE("shell: expansion is bounded") {
  Environment env;
  env.set("big", std::string(1 << 20, 'x'));
  ShellLexer lex;
  std::string word;
  for (int i = 0; i < 64; ++i) word += "$big";
  CHECK_THROWS_AS(lex.process_word(word, env), ShellError);
  // A long value with a pattern stays fast (no backtracking blow-up).
  env.set("long", std::string(2000, 'a'));
  CHECK(lex.process_word("${long##*a*a*a*b}", env).size() == 2000);
}
