#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "dockerfiles/emit/diff.h"

using imgslim::dockerfiles::unified_diff;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

size_t changed_lines(const std::string& diff) {
  size_t n = 0;
  std::istringstream in(diff);
  std::string line;
  while (std::getline(in, line))
    if ((line[0] == '+' && !line.starts_with("+++")) || (line[0] == '-' && !line.starts_with("---"))) ++n;
  return n;
}

// Applies our diff with GNU patch and checks the result, and that the edit
// script is as short as GNU diff's minimal one.
void check_with_patch(const std::string& a, const std::string& b) {
  fs::path dir = fs::temp_directory_path() / ("imgslim-diff-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  spit(dir / "a", a);
  spit(dir / "b", b);
  auto d = unified_diff(a, b, "a", "b");
  if (a == b) {
    CHECK(d.empty());
    return;
  }
  spit(dir / "p", d);
  std::string cmd = "cd " + dir.string() + " && patch -s -o out a < p";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(slurp(dir / "out") == b);
  std::system(("cd " + dir.string() + " && diff -d -u a b > gnu; true").c_str());
  CHECK(changed_lines(d) == changed_lines(slurp(dir / "gnu")));
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("diff: hunk headers as diff -u prints them") {
  std::string a = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"npm\", \"start\"]\n";
  std::string b = "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npm\", \"start\"]\n";
  CHECK(unified_diff(a, b, "a/Dockerfile", "b/Dockerfile") ==
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5 +1,6 @@\n FROM node:20\n WORKDIR /app\n"
        "+COPY package.json ./\n+RUN npm ci\n COPY . .\n-RUN npm install\n CMD [\"npm\", \"start\"]\n");
  CHECK(unified_diff(a, a, "x", "y").empty());
  CHECK(unified_diff("", "x\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
  CHECK(unified_diff("x", "x\n", "a", "b") ==
        "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n");
}

TEST_CASE("diff: GNU patch applies every diff, edit scripts are minimal") {
  check_with_patch("a\nb\nc\n", "a\nc\n");
  check_with_patch("", "");
  check_with_patch("one\n", "");
  check_with_patch("no newline", "no newline\nmore");
  std::mt19937 rng(12345);
  for (int round = 0; round < 60; ++round) {
    std::string a, b;
    int na = rng() % 40, nb = rng() % 40;
    for (int i = 0; i < na; ++i) a += "l" + std::to_string(rng() % 6) + "\n";
    b = a;
    // Mutate: delete/insert/replace a few lines.
    auto lines = imgslim::dockerfiles::split_lines(a);
    std::vector<std::string> out(lines.begin(), lines.end());
    for (int e = 0; e < int(rng() % 6); ++e) {
      int op = rng() % 3;
      size_t pos = out.empty() ? 0 : rng() % out.size();
      if (op == 0 && !out.empty()) out.erase(out.begin() + pos);
      else if (op == 1) out.insert(out.begin() + pos, "n" + std::to_string(rng() % 4) + "\n");
      else if (!out.empty()) out[pos] = "r" + std::to_string(rng() % 3) + "\n";
    }
    b.clear();
    for (auto& l : out) b += l;
    if (round % 3 == 0) for (int i = 0; i < nb; ++i) b += "t" + std::to_string(rng() % 5) + "\n";
    check_with_patch(a, b);
  }
}
