// End to end through the imgslim binary: exit codes, formats, errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compose_test_util.h"
#include "tests/sarif_check.h"

using compose_test::fixture;
using compose_test::run_imgslim;

TEST_CASE("cli: the plan's section 2 on 2G exits 1, on 3G exits 0") {
  auto fail = run_imgslim({"compose", "-f", fixture("plan/section2-limits.yml"), "--host-memory", "2G"});
  CHECK(fail.status == 1);
  CHECK(fail.out.rfind("does not fit: memory limits total 1984 MiB", 0) == 0);
  CHECK(fail.out.find("compose-memory-overcommit") != std::string::npos);
  auto fit = run_imgslim({"compose", "-f", fixture("plan/section2-limits.yml"), "--host-memory", "3G"});
  CHECK(fit.status == 0);
  CHECK(fit.out.rfind("fits: ", 0) == 0);
  // Warnings fail the run only when the threshold says so.
  auto strict = run_imgslim({"compose", "-f", fixture("plan/section2-limits.yml"), "--host-memory", "3G",
                             "--failure-threshold", "warning"});
  CHECK(strict.status == 1);
}

TEST_CASE("cli: the good stack exits 0, positional files and cwd discovery") {
  auto r = run_imgslim({"compose", fixture("good/docker-compose.yml"), "--host-memory", "2G", "--host-cpus", "2",
                        "--host-disk", "25G"});
  CHECK(r.status == 0);
  CHECK(r.out.rfind("fits: ", 0) == 0);
  CHECK(r.err.empty());
  auto cwd = run_imgslim({"compose", "--host-memory", "2G"}, fixture("good"));
  CHECK(cwd.status == 0);
  CHECK(cwd.out == r.out.substr(0, r.out.find("host ")) + cwd.out.substr(cwd.out.find("host ")));
}

TEST_CASE("cli: json, markdown and sarif") {
  std::vector<std::string> base = {"compose", "-f", fixture("plan/section2-limits.yml"), "-f",
                                   fixture("plan/section4-n8n.yml"), "--host-memory", "2G"};
  auto with = [&](const std::string& fmt) {
    auto args = base;
    args.push_back("--format");
    args.push_back(fmt);
    return run_imgslim(args);
  };
  auto json = with("json");
  CHECK(json.status == 1);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["schema_version"] == 1);
  CHECK(j["fits"] == false);
  CHECK(j["totals"]["memory_limits_bytes"] == 1984ull * 1024 * 1024);
  CHECK(j["services"].size() == 5);
  bool heap = false;
  for (const auto& f : j["findings"])
    if (f["rule"] == "compose-node-heap-exceeds-limit") {
      heap = true;
      CHECK(f["line"] == 8);
      CHECK(f["service"] == "automation-engine-dev");
      CHECK(f["recommended"]["--max-old-space-size"] == "576");
    }
  CHECK(heap);

  auto sarif = with("sarif");
  imgslim::testing::check_sarif(sarif.out);
  auto s = nlohmann::json::parse(sarif.out);
  CHECK(s["version"] == "2.1.0");
  auto& results = s["runs"][0]["results"];
  REQUIRE(results.size() > 0);
  bool located = false;
  for (const auto& res : results)
    if (res["ruleId"] == "compose-node-heap-exceeds-limit") {
      located = true;
      CHECK(res["level"] == "error");
      CHECK(res["locations"][0]["physicalLocation"]["region"]["startLine"] == 8);
    }
  CHECK(located);
  CHECK(s["runs"][0]["tool"]["driver"]["rules"].size() > 0);

  auto md = with("markdown");
  CHECK(md.out.rfind("### ❌ does not fit", 0) == 0);
  CHECK(md.out.find("| automation-engine-dev | 768 MiB |") != std::string::npos);
}

TEST_CASE("cli: -o writes the report atomically") {
  compose_test::TempDir dir("cli-output");
  std::string out = (dir.path / "report.json").string();
  auto r = run_imgslim({"compose", "-f", fixture("good/docker-compose.yml"), "--host-memory", "2G", "--format",
                        "json", "-o", out});
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(nlohmann::json::parse(ss.str())["fits"] == true);
}

TEST_CASE("cli: bad input exits 2 with one line naming the input") {
  compose_test::TempDir dir("cli-bad");
  std::string broken = dir.write("compose.yml", "services:\n  app:\n    image: x\n   bad: [unclosed\n");
  auto yaml = run_imgslim({"compose", "-f", broken});
  CHECK(yaml.status == 2);
  CHECK(yaml.out.empty());
  CHECK(yaml.err.rfind("imgslim: " + broken + ":", 0) == 0);
  CHECK(yaml.err.find("invalid YAML") != std::string::npos);
  CHECK(std::count(yaml.err.begin(), yaml.err.end(), '\n') == 1);

  auto missing = run_imgslim({"compose", "-f", (dir.path / "nope.yml").string()});
  CHECK(missing.status == 2);
  CHECK(missing.err == "imgslim: " + (dir.path / "nope.yml").string() + ": no such file\n");

  auto size = run_imgslim({"compose", "-f", fixture("good/docker-compose.yml"), "--host-memory", "lots"});
  CHECK(size.status == 2);
  CHECK(size.err.find("--host-memory: invalid size \"lots\"") != std::string::npos);

  auto format = run_imgslim({"compose", "-f", fixture("good/docker-compose.yml"), "--format", "xml"});
  CHECK(format.status == 2);

  auto rule = run_imgslim({"compose", "-f", fixture("good/docker-compose.yml"), "--ignore", "compose-nope"});
  CHECK(rule.status == 2);
  CHECK(rule.err.find("unknown rule") != std::string::npos);

  auto none = run_imgslim({"compose"}, dir.path.string() + "/..");
  CHECK(none.status == 2);
}

TEST_CASE("cli: .imgslim.yaml compose section, flags win") {
  compose_test::TempDir dir("cli-config");
  std::string compose = dir.write("compose.yml", "services:\n  a: {image: x, mem_limit: 1500m, restart: always}\n"
                                                 "  b: {image: y, mem_limit: 600m, restart: always}\n");
  dir.write(".imgslim.yaml", "lint:\n  ignore: []\ncompose:\n  host-memory: 2G\n  host-cpus: 2\n"
                             "  ignore: [compose-no-healthcheck]\n  failure-threshold: error\n");
  auto r = run_imgslim({"compose", "-f", compose});
  CHECK(r.status == 1);  // 2100 MiB of limits on the configured 2G host
  CHECK(r.out.rfind("does not fit", 0) == 0);
  CHECK(r.out.find("compose-no-healthcheck") == std::string::npos);
  auto bigger = run_imgslim({"compose", "-f", compose, "--host-memory", "4G"});
  CHECK(bigger.status == 0);
  dir.write("bad.yaml", "compose:\n  ignore: [compose-nope]\n");
  auto bad = run_imgslim({"compose", "-f", compose, "--config", (dir.path / "bad.yaml").string()});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("unknown rule 'compose-nope'") != std::string::npos);
}
