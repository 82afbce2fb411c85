// BuildKit's own parser test data: every positive case must dump exactly as
// BuildKit's AST.Dump() does, every negative case must fail, and every file
// must print back byte for byte.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "dockerfiles/syntax/parser.h"
#include "support/error.h"
#include "tests/dockerfiles/test_files.h"

namespace fs = std::filesystem;
using namespace imgslim::dockerfiles;
using imgslim::test::read_whole_file;
using imgslim::test::shared_dir;

namespace {
std::vector<fs::path> case_dirs(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("parser: all 33 BuildKit testfiles dump as BuildKit and round-trip") {
  auto dirs = case_dirs(shared_dir() / "realworld/buildkit-parser-testfiles");
  REQUIRE(dirs.size() == 33);
  int passed = 0;
  for (const auto& dir : dirs) {
    CAPTURE(dir.filename().string());
    std::string text = read_whole_file(dir / "Dockerfile");
    std::string expected = read_whole_file(dir / "result");
    Tree tree = parse(text, "Dockerfile");
    CHECK(dump(tree) == expected);
    CHECK(print(tree) == text);
    // The pieces of every node partition its text.
    for (const Node& n : tree.nodes) {
      std::string joined;
      for (const Piece& p : n.pieces) joined += p.text;
      CHECK(joined == n.text);
    }
    if (dump(tree) == expected && print(tree) == text) ++passed;
  }
  CHECK(passed == 33);
}

TEST_CASE("parser: the 4 BuildKit negative cases are rejected") {
  auto dirs = case_dirs(shared_dir() / "realworld/buildkit-parser-extra-testdata/testfiles-negative");
  REQUIRE(dirs.size() == 4);
  for (const auto& dir : dirs) {
    CAPTURE(dir.filename().string());
    std::string text = read_whole_file(dir / "Dockerfile");
    CHECK_THROWS_AS(parse(text, "Dockerfile"), imgslim::Error);
  }
}

TEST_CASE("parser: negative cases name the problem") {
  auto root = shared_dir() / "realworld/buildkit-parser-extra-testdata/testfiles-negative";
  const auto problem = [&](const char* name) {
    try {
      parse(read_whole_file(root / name / "Dockerfile"), "Dockerfile");
    } catch (const imgslim::Error& e) {
      return e.problem();
    }
    return std::string("no error");
  };
  CHECK(problem("env_no_value") == "ENV must have two arguments");
  CHECK(problem("empty_dockerfile") == "file with no instructions");
  CHECK(problem("only_comments") == "file with no instructions");
  CHECK(problem("shykes-nested-json").find("arrays must be comprised of strings only") != std::string::npos);
}

TEST_CASE("parser: line numbers of the testfile-line case") {
  auto path = shared_dir() / "realworld/buildkit-parser-extra-testdata/testfile-line/Dockerfile";
  std::string text = read_whole_file(path);
  Tree tree = parse(text, "Dockerfile");
  auto ins = tree.instructions();
  REQUIRE(ins.size() == 3);
  CHECK(ins[0]->ast.start_line == 5);
  CHECK(ins[0]->ast.end_line == 5);
  CHECK(ins[1]->ast.start_line == 11);
  CHECK(ins[1]->ast.end_line == 12);
  CHECK(ins[2]->ast.start_line == 17);
  CHECK(ins[2]->ast.end_line == 31);
  CHECK(print(tree) == text);
}
