// ci/gitlab/imgslim.gitlab-ci.yml: each hidden job's script run as the
// runner runs it (the job's variables in the environment, the script in a
// POSIX shell with -e) against a real image tar; its JUnit and Code Quality
// files validated against their formats.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>
#include <set>

#include "tests/ci/ci_test_util.h"

using namespace imgslim::ci::testing;

namespace {

YAML::Node template_yaml() {
  return YAML::LoadFile(std::string(IMGSLIM_SOURCE_DIR) + "/ci/gitlab/imgslim.gitlab-ci.yml");
}

CommandResult run_job(const std::string& job, const std::map<std::string, std::string>& given, const std::string& dir) {
  YAML::Node j = template_yaml()[job];
  REQUIRE(j);
  std::map<std::string, std::string> vars;
  for (const auto& v : j["variables"]) vars[v.first.as<std::string>()] = v.second.as<std::string>();
  for (const auto& [k, v] : given) {
    REQUIRE_MESSAGE(vars.count(k), ("the job has no variable " + k));
    vars[k] = v;
  }
  std::string script;
  for (const auto& line : j["script"]) script += line.as<std::string>() + "\n";
  std::vector<std::string> env{"PATH=" + bin_dir() + ":" + std::getenv("PATH"), "GITLAB_CI=true"};
  for (const auto& [k, v] : vars) env.push_back(k + "=" + v);
  write_text(dir + "/job.sh", script);
  return run({"sh", "-e", dir + "/job.sh"}, env, dir);
}

struct Workspace {
  std::string dir, ref;
  explicit Workspace(const std::string& name) : dir(scratch("gitlab-" + name)) {
    ref = "docker-archive:" + example_image(dir);
    write_text(dir + "/fail.yaml",
               "budgets:\n  - image: \"*\"\n    max-size: 1KB\n    categories: {dev-deps: 0}\n    max-layers: 50\n");
    write_text(dir + "/pass.yaml", "budgets:\n  - image: \"*\"\n    max-size: 10GB\n");
    write_text(dir + "/Dockerfile", "FROM node:20\nCOPY . .\nRUN npm install\nRUN npm install\nCMD [\"node\", \"index.js\"]\n");
  }
};

std::string xpath(const std::string& file, const std::string& expr) {
  auto r = run({"xmllint", "--xpath", expr, file});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

// GitLab's Code Quality format: an array of issues, each with the fields
// GitLab requires, of the right types. Returns the fingerprints.
std::vector<std::string> validate_codeclimate(const std::string& file) {
  auto doc = nlohmann::json::parse(read_text(file));
  REQUIRE(doc.is_array());
  const std::set<std::string> severities{"info", "minor", "major", "critical", "blocker"};
  std::vector<std::string> fingerprints;
  for (const auto& issue : doc) {
    CHECK(issue["type"] == "issue");
    CHECK(issue["description"].is_string());
    CHECK(!issue["description"].get<std::string>().empty());
    CHECK(issue["check_name"].is_string());
    CHECK(issue["categories"].is_array());
    REQUIRE(issue["severity"].is_string());
    CHECK(severities.count(issue["severity"].get<std::string>()) == 1);
    REQUIRE(issue["fingerprint"].is_string());
    CHECK(std::regex_match(issue["fingerprint"].get<std::string>(), std::regex("[0-9a-f]{32}")));
    CHECK(issue["location"]["path"].is_string());
    REQUIRE(issue["location"]["lines"]["begin"].is_number_integer());
    CHECK(issue["location"]["lines"]["begin"].get<int>() >= 1);
    fingerprints.push_back(issue["fingerprint"]);
  }
  CHECK(std::set<std::string>(fingerprints.begin(), fingerprints.end()).size() == fingerprints.size());
  return fingerprints;
}

}  // namespace

TEST_CASE("gitlab template: a failing budget fails the job with check's exit 1 and writes valid JUnit") {
  Workspace ws("check-fail");
  auto r = run_job(".imgslim-check", {{"IMGSLIM_IMAGE", ws.ref}, {"IMGSLIM_BUDGET", "fail.yaml"}}, ws.dir);
  INFO(r.out, r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("FAIL") != std::string::npos);
  const std::string junit = ws.dir + "/imgslim-junit.xml";
  REQUIRE(run({"xmllint", "--noout", junit}).exit_code == 0);
  CHECK(xpath(junit, "count(/testsuites/testsuite/testcase)") == "3");  // max-size, max-layers, dev-deps
  CHECK(xpath(junit, "count(/testsuites/testsuite/testcase/failure)") == "2");
  CHECK(xpath(junit, "string(/testsuites/testsuite/@failures)") == "2");
  CHECK(xpath(junit, "count(/testsuites/testsuite/testcase[@name='max-size']/failure[@message])") == "1");
}

TEST_CASE("gitlab template: the check's Code Quality report is valid, with stable and unique fingerprints") {
  Workspace ws("check-codequality");
  auto first = run_job(".imgslim-check", {{"IMGSLIM_IMAGE", ws.ref}, {"IMGSLIM_BUDGET", "fail.yaml"},
                                          {"IMGSLIM_DOCKERFILE", "Dockerfile"}}, ws.dir);
  REQUIRE(first.exit_code == 1);
  auto a = validate_codeclimate(ws.dir + "/imgslim-check-codequality.json");
  CHECK(a.size() == 2);
  auto doc = nlohmann::json::parse(read_text(ws.dir + "/imgslim-check-codequality.json"));
  CHECK(doc[0]["check_name"] == "imgslim/check/max-size");
  // A different image reference (the next pipeline's tag) keeps each issue's identity.
  std::filesystem::copy_file(ws.dir + "/example.tar", ws.dir + "/next.tar");
  auto second = run_job(".imgslim-check", {{"IMGSLIM_IMAGE", "docker-archive:" + ws.dir + "/next.tar"},
                                           {"IMGSLIM_BUDGET", "fail.yaml"}, {"IMGSLIM_DOCKERFILE", "Dockerfile"}}, ws.dir);
  REQUIRE(second.exit_code == 1);
  CHECK(validate_codeclimate(ws.dir + "/imgslim-check-codequality.json") == a);
  // A passing budget: an empty list, and the job passes.
  auto pass = run_job(".imgslim-check", {{"IMGSLIM_IMAGE", ws.ref}, {"IMGSLIM_BUDGET", "pass.yaml"}}, ws.dir);
  CHECK(pass.exit_code == 0);
  CHECK(read_text(ws.dir + "/imgslim-check-codequality.json") == "[]\n");
}

TEST_CASE("gitlab template: lint's Code Quality report is valid, fingerprints stable when lines move and unique") {
  Workspace ws("lint");
  auto r = run_job(".imgslim-lint", {}, ws.dir);
  INFO(r.out, r.err);
  CHECK(r.exit_code == 0);  // findings do not fail the job
  auto a = validate_codeclimate(ws.dir + "/imgslim-lint-codequality.json");
  CHECK(a.size() >= 2);
  auto doc = nlohmann::json::parse(read_text(ws.dir + "/imgslim-lint-codequality.json"));
  CHECK(doc[0]["location"]["path"] == "Dockerfile");
  CHECK(doc[0]["check_name"].get<std::string>().rfind("imgslim/lint/", 0) == 0);
  // Two comment lines on top move every finding down; no fingerprint changes.
  write_text(ws.dir + "/Dockerfile", "# one\n# two\n" + read_text(ws.dir + "/Dockerfile"));
  REQUIRE(run_job(".imgslim-lint", {}, ws.dir).exit_code == 0);
  auto moved = nlohmann::json::parse(read_text(ws.dir + "/imgslim-lint-codequality.json"));
  CHECK(moved[0]["location"]["lines"]["begin"].get<int>() == doc[0]["location"]["lines"]["begin"].get<int>() + 2);
  CHECK(validate_codeclimate(ws.dir + "/imgslim-lint-codequality.json") == a);
  // A Dockerfile that cannot be read fails the job.
  CHECK(run_job(".imgslim-lint", {{"IMGSLIM_DOCKERFILE", "missing/Dockerfile"}}, ws.dir).exit_code == 2);
}

TEST_CASE("gitlab template: variables are data: quotes, $() and globs in them run nothing") {
  Workspace ws("hostile");
  const std::string marker = ws.dir + "/pwned";
  for (const std::map<std::string, std::string>& vars : std::vector<std::map<std::string, std::string>>{
           {{"IMGSLIM_IMAGE", "x\"; touch " + marker + "; \""}, {"IMGSLIM_BUDGET", "pass.yaml"}},
           {{"IMGSLIM_IMAGE", "$(touch " + marker + ")"}, {"IMGSLIM_BUDGET", "pass.yaml"}},
           {{"IMGSLIM_IMAGE", ws.ref}, {"IMGSLIM_BUDGET", "pass.yaml"}, {"IMGSLIM_ARGS", "$(touch " + marker + ") *"}},
           {{"IMGSLIM_IMAGE", ws.ref}, {"IMGSLIM_DOCKERFILE", "`touch " + marker + "`"}, {"IMGSLIM_BUDGET", "pass.yaml"}}}) {
    auto r = run_job(".imgslim-check", vars, ws.dir);
    CHECK_MESSAGE(r.exit_code == 2, r.err);
    CHECK(!std::filesystem::exists(marker));
  }
  CHECK(run_job(".imgslim-lint", {{"IMGSLIM_DOCKERFILE", "$(touch " + marker + ")"}}, ws.dir).exit_code == 2);
  CHECK(!std::filesystem::exists(marker));
}

TEST_CASE("gitlab template: every variable in the scripts is quoted, but IMGSLIM_ARGS split with globbing off") {
  int scripts = 0;
  for (const auto& job : template_yaml()) {
    if (!job.second.IsMap() || !job.second["script"]) continue;
    for (const auto& line : job.second["script"]) {
      ++scripts;
      const std::string text = line.as<std::string>();
      CHECK(text.find("${") == std::string::npos);
      std::regex var(R"(\$[A-Za-z_][A-Za-z0-9_]*)");
      for (std::sregex_iterator it(text.begin(), text.end(), var), end; it != end; ++it) {
        const std::size_t at = it->position();
        const bool quoted = at > 0 && text[at - 1] == '"';
        const bool split_args = it->str() == "$IMGSLIM_ARGS" && text.rfind("set -f\n", at) != std::string::npos &&
                                text.compare(at - 7, 7, "set -- ") == 0;
        CHECK_MESSAGE((quoted || split_args), (job.first.as<std::string>() + ": " + it->str()));
      }
    }
  }
  CHECK(scripts == 2);
}
