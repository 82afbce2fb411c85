#include "dockerfiles/lint/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "support/error.h"

namespace imgslim::dockerfiles {

LintConfig load_lint_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw Error(path, std::string("cannot read config: ") + e.what());
  }
  LintConfig cfg;
  if (!root.IsMap() || !root["lint"]) return cfg;
  YAML::Node lint = root["lint"];
  if (!lint.IsMap()) throw Error(path, "lint: must be a mapping (ignore, failure-threshold)");
  try {
    if (YAML::Node ignore = lint["ignore"]) {
      if (!ignore.IsSequence()) throw Error(path, "lint.ignore: must be a list of rule ids");
      for (const auto& id : ignore) {
        std::string rule = id.as<std::string>();
        if (!find_rule(rule)) throw Error(path, "lint.ignore: unknown rule '" + rule + "'");
        cfg.ignore.insert(rule);
      }
    }
    if (YAML::Node t = lint["failure-threshold"]) {
      std::string v = t.as<std::string>();
      cfg.failure_threshold = parse_severity(v);
      if (!cfg.failure_threshold)
        throw Error(path, "lint.failure-threshold: '" + v + "' is not one of error, warning, info");
    }
  } catch (const YAML::Exception& e) {
    throw Error(path, std::string("lint: ") + e.what());
  }
  return cfg;
}

std::string find_lint_config(const std::string& dockerfile_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dockerfile_path != "-") {
    fs::path beside = fs::path(dockerfile_path).parent_path() / ".imgslim.yaml";
    if (fs::is_regular_file(beside, ec)) return beside.string();
  }
  if (fs::is_regular_file(".imgslim.yaml", ec)) return ".imgslim.yaml";
  return "";
}

}  // namespace imgslim::dockerfiles
