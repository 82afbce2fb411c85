// action.yml at the repository root, run step by step as the runner would
// (tests/ci/action_runner.h) against a real image tar, and read as text for
// the rule that keeps inputs out of scripts (issue #26, part 3).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <set>

#include "tests/ci/action_runner.h"

using namespace imgslim::ci::testing;

namespace {

std::string action_text() { return read_text(std::string(IMGSLIM_SOURCE_DIR) + "/action.yml"); }

struct Workspace {
  std::string dir, image;
  explicit Workspace(const std::string& name) : dir(scratch("action-" + name)), image(example_image(dir)) {
    write_text(dir + "/pass.yaml", "budgets:\n  - image: \"*\"\n    max-size: 10GB\n    max-layers: 50\n");
    write_text(dir + "/fail.yaml",
               "budgets:\n  - image: \"*\"\n    max-size: 1KB\n    categories: {dev-deps: 0}\n    max-layers: 50\n");
    write_text(dir + "/Dockerfile", "FROM node:20\nCOPY . .\nRUN npm install\nCMD [\"node\", \"index.js\"]\n");
  }
  std::string ref() const { return "docker-archive:" + image; }
};

}  // namespace

TEST_CASE("github action: no run: script holds an expression, inputs reach the steps only through env:") {
  YAML::Node action = YAML::Load(action_text());
  for (const char* input : {"image", "budget", "baseline", "format", "fail-on", "args"})
    CHECK_MESSAGE(action["inputs"][input], input);
  CHECK(action["inputs"]["image"]["required"].as<bool>());
  std::set<std::string> used;
  int runs = 0;
  for (const auto& step : action["runs"]["steps"]) {
    REQUIRE(step["run"]);
    ++runs;
    CHECK_MESSAGE(step["run"].as<std::string>().find("${{") == std::string::npos, step["name"].as<std::string>());
    for (const auto& e : step["env"]) {
      std::smatch m;
      std::string v = e.second.as<std::string>();
      CHECK_MESSAGE(std::regex_match(v, m, std::regex(R"(\$\{\{ inputs\.([a-z-]+) \}\})")), v);
      if (!m.empty()) used.insert(m[1]);
    }
  }
  CHECK(runs >= 2);
  for (const auto& in : action["inputs"]) CHECK_MESSAGE(used.count(in.first.as<std::string>()), in.first.as<std::string>());
  CHECK(runs_with_expressions(action_text()).empty());
  // The check itself catches the unsafe form.
  CHECK(runs_with_expressions("runs:\n  using: composite\n  steps:\n    - name: bad\n      shell: bash\n"
                              "      run: echo \"${{ inputs.image }}\"\n") == std::vector<std::string>{"bad"});
}

TEST_CASE("github action: a budget that passes: exit 0, the Markdown report in the job summary, the report file") {
  Workspace ws("pass");
  auto r = run_action(action_text(), {{"image", ws.ref()}, {"budget", "pass.yaml"}, {"format", "json"}}, ws.dir);
  INFO(r.log);
  CHECK(r.exit_code == 0);
  CHECK(r.steps_run == 2);
  CHECK(r.summary.rfind("### imgslim check: ✅ `" + ws.ref() + "`", 0) == 0);
  CHECK(r.summary.find("| `max-size` | PASS |") != std::string::npos);
  CHECK(r.outputs.find("exit-code=0\n") != std::string::npos);
  CHECK(r.outputs.find("report=imgslim-check.json\n") != std::string::npos);
  auto report = nlohmann::json::parse(read_text(ws.dir + "/imgslim-check.json"));
  CHECK(report["result"] == "pass");
}

TEST_CASE("github action: a budget that fails: exit 1 (check's), failed rules in the summary and as annotations") {
  Workspace ws("fail");
  auto r = run_action(action_text(),
                      {{"image", ws.ref()}, {"budget", "fail.yaml"}, {"dockerfile", "Dockerfile"}}, ws.dir);
  INFO(r.log);
  CHECK(r.exit_code == 1);
  CHECK(r.summary.rfind("### imgslim check: ❌", 0) == 0);
  CHECK(r.summary.find("| `max-size` | FAIL |") != std::string::npos);
  CHECK(r.summary.find("| `categories.dev-deps` | FAIL |") != std::string::npos);
  CHECK(r.log.find("::error file=") != std::string::npos);
  CHECK(r.outputs.find("exit-code=1\n") != std::string::npos);

  auto never = run_action(action_text(), {{"image", ws.ref()}, {"budget", "fail.yaml"}, {"fail-on", "never"}},
                          ws.dir);
  CHECK(never.exit_code == 0);
  CHECK(never.outputs.find("exit-code=1\n") != std::string::npos);
}

TEST_CASE("github action: an image that cannot be read: exit 2, also with fail-on never, and the summary says so") {
  Workspace ws("unreadable");
  auto r = run_action(action_text(),
                      {{"image", "docker-archive:" + ws.dir + "/missing.tar"}, {"budget", "pass.yaml"}, {"fail-on", "never"}},
                      ws.dir);
  CHECK(r.exit_code == 2);
  CHECK(r.summary == "### imgslim check could not run (exit 2): see the step's log\n");
  CHECK(r.log.find("missing.tar") != std::string::npos);
}

TEST_CASE("github action: lint-sarif writes lint's SARIF of the Dockerfile for code scanning") {
  Workspace ws("lint");
  auto r = run_action(action_text(),
                      {{"image", ws.ref()}, {"budget", "pass.yaml"}, {"dockerfile", "Dockerfile"}, {"lint-sarif", "lint.sarif"}},
                      ws.dir);
  INFO(r.log);
  CHECK(r.exit_code == 0);  // lint findings do not fail the step; the budget passes
  auto sarif = nlohmann::json::parse(read_text(ws.dir + "/lint.sarif"));
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"][0]["results"].size() > 0);
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile");
}

TEST_CASE("github action: hostile inputs are data: quotes, $() and backticks in image, args or budget run nothing") {
  Workspace ws("hostile");
  const std::string marker = ws.dir + "/pwned";
  const std::vector<std::map<std::string, std::string>> cases = {
      {{"image", "x\"; touch " + marker + "; \""}},
      {{"image", "$(touch " + marker + ")"}},
      {{"image", "`touch " + marker + "`"}},
      {{"image", "--help"}},
      {{"image", ws.ref()}, {"args", "--quiet $(touch " + marker + ") ;touch " + marker}},
      {{"image", ws.ref()}, {"budget", "'; touch " + marker + "; echo '"}},
      {{"image", ws.ref()}, {"dockerfile", "$(touch " + marker + ")"}, {"lint-sarif", "x.sarif"}},
  };
  for (const auto& inputs : cases) {
    auto r = run_action(action_text(), inputs, ws.dir);
    CHECK_MESSAGE(r.exit_code == 2, r.log);
    CHECK_MESSAGE(!std::filesystem::exists(marker), r.log);
  }
  // The same input expanded into a script, as `${{ inputs.image }}` inside
  // run: would be, does run: the test can tell.
  auto unsafe = run_action(
      "inputs:\n  image: {required: true}\nruns:\n  using: composite\n  steps:\n"
      "    - shell: bash\n      run: echo \"${{ inputs.image }}\"\n",
      cases[0], scratch("action-unsafe"), true);
  CHECK(unsafe.steps_run == 1);
  CHECK(std::filesystem::exists(marker));
}
