// `imgslim parse` end to end: formats, round-trip on every conformance file,
// exit code 2 with one error line.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

#include "tests/dockerfiles/test_files.h"

namespace fs = std::filesystem;
using imgslim::test::read_whole_file;
using imgslim::test::shared_dir;

namespace {
struct Run {
  int code;
  std::string out;
};
Run run(const std::string& args) {
  std::string cmd = std::string(IMGSLIM_BINARY) + " " + args;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WEXITSTATUS(status), out};
}
}  // namespace

TEST_CASE("cli parse: source round-trips and dump matches BuildKit on every testfile") {
  for (const auto& e : fs::directory_iterator(shared_dir() / "realworld/buildkit-parser-testfiles")) {
    CAPTURE(e.path().string());
    fs::path df = e.path() / "Dockerfile";
    Run src = run("parse '" + df.string() + "' --format source");
    CHECK(src.code == 0);
    CHECK(src.out == read_whole_file(df));
    Run dump = run("parse '" + df.string() + "' --format dump");
    CHECK(dump.out == read_whole_file(e.path() / "result"));
  }
}

TEST_CASE("cli parse: json carries typed instructions with positions") {
  fs::path tmp = fs::path(IMGSLIM_BUILD_DIR) / "cli_parse_test.Dockerfile";
  {
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    std::fputs("FROM node:20 AS build\nRUN --mount=type=cache,target=/root/.npm npm ci\nFROM build\nCMD [\"node\", \"s.js\"]\n", f);
    std::fclose(f);
  }
  Run r = run("parse " + tmp.string() + " --format json");
  CHECK(r.code == 0);
  CHECK(r.out.find("\"stage_name\": \"build\"") != std::string::npos);
  CHECK(r.out.find("\"target\": \"/root/.npm\"") != std::string::npos);
  CHECK(r.out.find("\"base_stage\": 0") != std::string::npos);
  CHECK(r.out.find("\"line\": 4") != std::string::npos);
}

TEST_CASE("cli parse: errors exit 2 with one line naming file:line:col") {
  fs::path tmp = fs::path(IMGSLIM_BUILD_DIR) / "cli_parse_bad.Dockerfile";
  {
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    std::fputs("FROM a\nRUN <<EOF\necho\n", f);
    std::fclose(f);
  }
  Run r = run("parse " + tmp.string() + " --format dump 2>&1");
  CHECK(r.code == 2);
  CHECK(r.out == "imgslim: " + tmp.string() + ":2:5: unterminated heredoc <<EOF started here\n");
  Run missing = run("parse /nonexistent/Dockerfile 2>&1");
  CHECK(missing.code == 2);
  CHECK(missing.out.find("/nonexistent/Dockerfile") != std::string::npos);
}
