// Shared by the `compose --measure` tests: the fixture stacks
// (fixtures/compose/measure), the built imgslim run on them with a project
// name of the test's own, and what the engine still holds of a project.
#pragma once
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../../run_command.h"

namespace imgslim::builder::stack::test {

inline std::string fixture_dir() { return std::string(IMGSLIM_SOURCE_DIR) + "/fixtures/compose/measure"; }

// `imgslim compose -f FILE -p PROJECT --measure ARGS… --format json` in the fixture folder.
inline testing::CommandResult measure(const std::string& file, const std::string& project,
                                      const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv = {"compose", "-f", file, "-p", project, "--measure", "--format", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::run_imgslim(argv, env, fixture_dir());
}

// Containers, networks and volumes the engine holds with the project's label
// (docker CLI, a second opinion besides the engine API the code uses).
inline std::vector<std::string> leftovers(const std::string& project) {
  std::vector<std::string> found;
  const std::string filter = "label=org.imgslim.measure.project=" + project;
  for (const auto& kind : {std::vector<std::string>{"docker", "ps", "-aq", "--filter", filter},
                           std::vector<std::string>{"docker", "network", "ls", "-q", "--filter", filter},
                           std::vector<std::string>{"docker", "volume", "ls", "-q", "--filter", filter}}) {
    auto r = testing::run(kind);
    REQUIRE_MESSAGE(r.exit_code == 0, (std::string("docker CLI failed: ") + r.err));
    if (!r.out.empty()) found.push_back(kind[1] + ": " + r.out);
  }
  return found;
}

inline nlohmann::json measure_of(const testing::CommandResult& r) {
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(doc.is_object(), (std::string("not JSON: ") + r.out + r.err));
  REQUIRE_MESSAGE(doc.contains("measure"), (std::string("no measure object: ") + r.out));
  return doc["measure"];
}

inline const nlohmann::json& service(const nlohmann::json& measure, const std::string& name) {
  for (const auto& s : measure["services"])
    if (s["name"] == name) return s;
  FAIL("no service " << name << " in " << measure.dump());
  static nlohmann::json none;
  return none;
}

}  // namespace imgslim::builder::stack::test
