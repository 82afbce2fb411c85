// Runs a composite GitHub Action's steps as the runner does, locally: reads
// action.yml, fills each step's `env:` from the inputs (with their defaults),
// sets what the runner sets (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT,
// GITHUB_ACTIONS, GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_WORKSPACE) and runs
// each `run:` with `bash --noprofile --norc -eo pipefail FILE` (the runner's
// bash), stopping at the first step that fails. Only what the action uses
// is supported: bash steps, `env:` values that are one `${{ inputs.NAME }}`;
// anything else (an `if:`, a `uses:`, another expression) fails the test
// rather than being run differently from GitHub.
#pragma once
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/ci/ci_test_util.h"

namespace imgslim::ci::testing {

struct ActionResult {
  int exit_code = 0;        // the failing step's, or 0
  int steps_run = 0;
  std::string log;          // every step's stdout and stderr
  std::string summary;      // what the steps appended to GITHUB_STEP_SUMMARY
  std::string outputs;      // GITHUB_OUTPUT
};

// The names of the steps whose `run:` holds a `${{ }}` expression (the
// runner would paste its value into the script: script injection).
inline std::vector<std::string> runs_with_expressions(const std::string& action_yml) {
  std::vector<std::string> out;
  YAML::Node action = YAML::Load(action_yml);
  int index = 0;
  for (const auto& step : action["runs"]["steps"]) {
    ++index;
    if (step["run"] && step["run"].as<std::string>().find("${{") != std::string::npos)
      out.push_back(step["name"] ? step["name"].as<std::string>() : "step " + std::to_string(index));
  }
  return out;
}

// naive = true substitutes `${{ inputs.X }}` into the run: text itself, as an
// unsafe action would be expanded by the runner (used to show the hostile
// tests can tell the difference).
inline ActionResult run_action(const std::string& action_yml, const std::map<std::string, std::string>& given,
                               const std::string& workspace, bool naive = false) {
  YAML::Node action = YAML::Load(action_yml);
  REQUIRE(action["runs"]["using"].as<std::string>() == "composite");
  std::map<std::string, std::string> inputs;
  for (const auto& in : action["inputs"]) {
    std::string name = in.first.as<std::string>();
    if (in.second["default"]) inputs[name] = in.second["default"].as<std::string>();
    if (in.second["required"] && in.second["required"].as<bool>()) REQUIRE_MESSAGE(given.count(name), name);
  }
  for (const auto& [k, v] : given) {
    REQUIRE_MESSAGE(action["inputs"][k], ("unknown input " + k));
    inputs[k] = v;
  }
  const std::regex expr(R"(\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\})");
  auto expand = [&](const std::string& text) {
    std::string out;
    std::sregex_iterator it(text.begin(), text.end(), expr), end;
    std::size_t last = 0;
    for (; it != end; ++it) {
      out += text.substr(last, it->position() - last);
      REQUIRE_MESSAGE(inputs.count((*it)[1]), ("expression names no input: " + it->str()));
      out += inputs[(*it)[1]];
      last = it->position() + it->length();
    }
    return out + text.substr(last);
  };

  ActionResult result;
  const std::string summary = workspace + "/.runner/step_summary.md", output = workspace + "/.runner/output";
  std::filesystem::create_directories(workspace + "/.runner/temp");
  write_text(summary, "");
  write_text(output, "");
  int index = 0;
  for (const auto& step : action["runs"]["steps"]) {
    ++index;
    REQUIRE_MESSAGE(!step["uses"], "the local runner only runs `run:` steps");
    REQUIRE_MESSAGE(!step["if"], "the local runner does not evaluate `if:`");
    REQUIRE(step["shell"].as<std::string>() == "bash");
    std::string script = step["run"].as<std::string>();
    if (naive) script = expand(script);
    REQUIRE_MESSAGE(script.find("${{") == std::string::npos, "an expression the runner would expand in run:");
    std::vector<std::string> env{"GITHUB_STEP_SUMMARY=" + summary, "GITHUB_OUTPUT=" + output, "GITHUB_ACTIONS=true",
                                 "GITHUB_ACTION_PATH=" + std::string(IMGSLIM_SOURCE_DIR),
                                 "GITHUB_WORKSPACE=" + workspace, "RUNNER_TEMP=" + workspace + "/.runner/temp",
                                 "TMPDIR=" + workspace + "/.runner/temp",
                                 "PATH=" + bin_dir() + ":" + std::getenv("PATH")};
    for (const auto& e : step["env"]) {
      std::string value = e.second.as<std::string>();
      REQUIRE_MESSAGE(std::regex_match(value, expr), ("env value is not one input: " + value));
      env.push_back(e.first.as<std::string>() + "=" + expand(value));
    }
    std::string file = workspace + "/.runner/step" + std::to_string(index) + ".sh";
    write_text(file, script);
    auto r = run({"bash", "--noprofile", "--norc", "-eo", "pipefail", file}, env, workspace);
    result.log += r.out + r.err;
    ++result.steps_run;
    if (r.exit_code != 0) {
      result.exit_code = r.exit_code;
      break;
    }
  }
  result.summary = read_text(summary);
  result.outputs = read_text(output);
  return result;
}

}  // namespace imgslim::ci::testing
