// `imgslim lint` end to end: text/json/sarif, exit codes and thresholds,
// --ignore, the .imgslim.yaml lint section; SARIF checked with
// python3-jsonschema against a schema written from the SARIF 2.1.0 spec.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "tests/dockerfiles/test_files.h"
#include "tests/sarif_check.h"

namespace fs = std::filesystem;

namespace {
struct Run {
  int code;
  std::string out;
};
Run run(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WEXITSTATUS(status), out};
}
Run run_imgslim(const std::string& args) { return run(std::string(IMGSLIM_BINARY) + " " + args); }

fs::path make_case(const std::string& name, const std::string& dockerfile, const std::string& config = "") {
  fs::path dir = fs::path(IMGSLIM_BUILD_DIR) / "cli-lint" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto write = [](const fs::path& p, const std::string& s) {
    std::FILE* f = std::fopen(p.c_str(), "w");
    std::fwrite(s.data(), 1, s.size(), f);
    std::fclose(f);
  };
  write(dir / "Dockerfile", dockerfile);
  write(dir / ".dockerignore", "node_modules\n");
  if (!config.empty()) write(dir / ".imgslim.yaml", config);
  return dir;
}

const char* kDockerfile =
    "FROM node:20-alpine\n"
    "ENV NODE_ENV=production\n"
    "USER node\n"
    "MAINTAINER someone\n"
    "CMD node server.js\n";
}  // namespace

TEST_CASE("cli lint: json keys, threshold and exit codes") {
  fs::path dir = make_case("json", kDockerfile);
  std::string df = (dir / "Dockerfile").string();
  Run r = run_imgslim("lint " + df + " --format json");
  CHECK(r.code == 1);  // shell-form-cmd/init are warnings, default threshold is warning
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].is_array());
  REQUIRE(j["findings"].size() >= 3);
  for (const auto& f : j["findings"])
    for (const char* key : {"rule", "severity", "message", "file", "line", "column", "fix"}) CHECK(f.contains(key));
  CHECK(j["findings"][0]["file"] == df);

  CHECK(run_imgslim("lint " + df + " --failure-threshold error >/dev/null").code == 0);
  CHECK(run_imgslim("lint " + df + " --ignore shell-form-cmd --ignore init >/dev/null").code == 0);  // maintainer is info
  CHECK(run_imgslim("lint " + df + " --ignore shell-form-cmd --ignore init --failure-threshold info >/dev/null").code == 1);
  CHECK(run_imgslim("lint " + df + " --ignore no-such-rule 2>&1").code == 2);
  // Options before the positional and comma-separated ids.
  CHECK(run_imgslim("lint --ignore init " + df + " --ignore shell-form-cmd >/dev/null").code == 0);
  CHECK(run_imgslim("lint --ignore init,shell-form-cmd " + df + " >/dev/null").code == 0);
}

TEST_CASE("cli lint: .imgslim.yaml lint section") {
  fs::path dir = make_case("config", kDockerfile, "lint:\n  ignore: [shell-form-cmd, init]\n  failure-threshold: info\n");
  std::string df = (dir / "Dockerfile").string();
  Run r = run_imgslim("lint " + df);
  CHECK(r.code == 1);  // maintainer (info) at threshold info
  CHECK(r.out.find("[maintainer]") != std::string::npos);
  CHECK(r.out.find("[init]") == std::string::npos);
  CHECK(run_imgslim("lint " + df + " --failure-threshold warning >/dev/null").code == 0);

  fs::path bad = make_case("badconfig", kDockerfile, "lint:\n  failure-threshold: loud\n");
  Run e = run_imgslim("lint " + (bad / "Dockerfile").string() + " 2>&1");
  CHECK(e.code == 2);
  CHECK(e.out.find(".imgslim.yaml: lint.failure-threshold") != std::string::npos);
}

TEST_CASE("cli lint: SARIF 2.1.0 validates and carries file/line/column") {
  fs::path dir = make_case("sarif", kDockerfile);
  fs::path out = dir / "out.sarif";
  Run r = run_imgslim("lint " + (dir / "Dockerfile").string() + " --format sarif > " + out.string());
  CHECK(r.code == 1);
  std::string sarif_text = imgslim::test::read_whole_file(out);
  imgslim::testing::check_sarif(sarif_text);  // the project's shared SARIF checks
  auto j = nlohmann::json::parse(sarif_text);
  CHECK(j["version"] == "2.1.0");
  const auto& results = j["runs"][0]["results"];
  REQUIRE(results.size() >= 1);
  const auto& loc = results[0]["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"] == (dir / "Dockerfile").string());
  CHECK(loc["region"]["startLine"].get<int>() >= 1);
  CHECK(loc["region"]["startColumn"].get<int>() >= 1);

  // The validator rejects what breaks the official schema (a level SARIF does not define).
  auto broken = j;
  broken["runs"][0]["results"][0]["level"] = "fatal";
  CHECK(imgslim::testing::sarif_schema_problems(broken.dump()).find("'fatal' is not one of") != std::string::npos);
}

TEST_CASE("cli lint: parse errors exit 2 with one line") {
  fs::path dir = make_case("broken", "FROM a\nCOPY --frm=x a b\n");
  Run r = run_imgslim("lint " + (dir / "Dockerfile").string() + " 2>&1");
  CHECK(r.code == 2);
  CHECK(r.out == "imgslim: " + (dir / "Dockerfile").string() + ":2:1: unknown flag: --frm\n");
}
