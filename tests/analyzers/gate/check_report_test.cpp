#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/sarif_check.h"
#include "analyzers/gate/budget.h"
#include "analyzers/gate/check_report.h"

using namespace imgslim::analyzers;

namespace {

CheckReport sample_report() {
  CheckReport r;
  r.ref = "backend:latest";
  r.budget_file = ".imgslim.yaml";
  r.budget_line = 2;
  r.budget_image = "backend*";
  RuleOutcome size;
  size.rule = "max-size";
  size.status = RuleStatus::Fail;
  size.measured = "812 MB";
  size.limit = "250 MB";
  size.message = "the final filesystem is 812 MB, over the 250 MB budget by 562 MB";
  size.offenders = {"layer 2 310 MB: RUN npm install <with> \"quotes\" & ampersands"};
  size.layer = 2;
  RuleOutcome layers;
  layers.rule = "max-layers";
  layers.measured = "3";
  layers.limit = "15";
  layers.message = "the image has 3 layers (budget 15)";
  RuleOutcome growth;
  growth.rule = "max-growth";
  growth.status = RuleStatus::Skip;
  growth.limit = "10%";
  growth.message = "no --baseline image given";
  r.outcomes = {size, layers, growth};
  r.locations = {SourceLocation{"Dockerfile", 7, 1, "RUN npm install"}, std::nullopt, std::nullopt};
  return r;
}

std::string run_capture(const std::string& cmd, int& rc) {
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  rc = p ? pclose(p) : -1;
  return out;
}

}  // namespace

TEST_CASE("check report: text names every rule with measured vs limit") {
  auto text = render_check_text(sample_report(), false);
  CHECK(text.find("  FAIL  max-size: 812 MB (limit 250 MB)") != std::string::npos);
  CHECK(text.find("  PASS  max-layers: 3 (limit 15)") != std::string::npos);
  CHECK(text.find("  SKIP  max-growth") != std::string::npos);
  CHECK(text.find("at Dockerfile:7: RUN npm install") != std::string::npos);
  CHECK(text.find("FAIL: backend:latest — 1 passed, 1 failed, 1 skipped") != std::string::npos);
  CHECK(text.find("\033[") == std::string::npos);
  CHECK(render_check_text(sample_report(), true).find("\033[") != std::string::npos);
}

TEST_CASE("check report: JSON") {
  auto j = nlohmann::json::parse(render_check_json(sample_report()));
  CHECK(j["result"] == "fail");
  CHECK(j["failed"] == 1);
  CHECK(j["rules"][0]["location"]["line"] == 7);
  CHECK(j["rules"][1]["status"] == "PASS");
}

TEST_CASE("check report: JUnit XML validates against the JUnit schema") {
  std::string xml = render_check_junit(sample_report());
  char path[] = "/tmp/imgslim-junit-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  { std::ofstream(path) << xml; }
  close(fd);
  int rc = 0;
  std::string schema = std::string(IMGSLIM_SOURCE_DIR) + "/tests/analyzers/gate/schemas/junit.xsd";
  std::string out = run_capture("xmllint --noout --schema '" + schema + "' '" + path + "' 2>&1", rc);
  CHECK_MESSAGE(rc == 0, out);
  // And a broken document is rejected (the validation can fail).
  { std::ofstream(path) << "<testsuites><testsuite name=\"x\"><testcase/></testsuite></testsuites>"; }
  run_capture("xmllint --noout --schema '" + schema + "' '" + path + "' 2>&1", rc);
  CHECK(rc != 0);
  std::remove(path);
  CHECK(xml.find("&lt;with&gt; &quot;quotes&quot; &amp; ampersands") != std::string::npos);
  CHECK(xml.find("<skipped message=\"no --baseline image given\"/>") != std::string::npos);
}

TEST_CASE("check report: SARIF 2.1.0 points at the Dockerfile line") {
  std::string sarif = render_check_sarif(sample_report());
  imgslim::testing::check_sarif(sarif);
  auto j = nlohmann::json::parse(sarif);
  auto& res = j["runs"][0]["results"];
  REQUIRE(res.size() == 1);
  CHECK(res[0]["ruleId"] == "max-size");
  CHECK(res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile");
  CHECK(res[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7);
}

TEST_CASE("check report: GitHub annotations and Markdown") {
  auto gh = render_github_annotations(sample_report());
  CHECK(gh == "::error file=Dockerfile,line=7,title=imgslim max-size::backend:latest: the final filesystem is 812 MB, "
              "over the 250 MB budget by 562 MB\n");
  auto md = render_check_markdown(sample_report());
  CHECK(md.find("| `max-size` | FAIL | 812 MB | 250 MB |") != std::string::npos);
}

TEST_CASE("check report: Markdown quotes globs, a skipped rule has no empty value") {
  CheckReport r = sample_report();
  RuleOutcome forbid;
  forbid.rule = "forbid-paths";
  forbid.status = RuleStatus::Fail;
  forbid.measured = "1 forbidden path(s)";
  forbid.limit = "none of: **/.env, **/id_rsa";
  forbid.message = "the final image contains 1 forbidden path(s), first /app/.env";
  forbid.offenders = {"/app/__init__.py (layer 2)"};
  r.outcomes.push_back(forbid);
  r.locations.push_back(std::nullopt);
  auto md = render_check_markdown(r);
  CHECK(md.find("| none of: `**/.env`, `**/id_rsa` |") != std::string::npos);
  CHECK(md.find("**/") == md.find("`**/.env`") + 1);  // never bare: GitHub would read it as bold
  CHECK(md.find("/app/\\_\\_init\\_\\_.py") != std::string::npos);
  // A skipped rule: its limit, no empty measured value.
  auto text = render_check_text(r, false);
  CHECK(text.find("  SKIP  max-growth (limit 10%)\n") != std::string::npos);
  CHECK(text.find(":  (") == std::string::npos);
}
