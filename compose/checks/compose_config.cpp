#include "compose/checks/compose_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "compose/model/finding.h"
#include "compose/checks/rules.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::compose {

ComposeConfig load_compose_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw Error(path, std::string("cannot read config: ") + e.what());
  }
  ComposeConfig cfg;
  if (root.IsMap() && root["budgets"]) cfg.has_budgets = true;
  if (!root.IsMap() || !root["compose"]) return cfg;
  YAML::Node c = root["compose"];
  if (!c.IsMap()) throw Error(path, "compose: must be a mapping");
  try {
    for (const auto& kv : c) {
      std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      auto size = [&](std::string& into) {
        into = v.as<std::string>();
        if (!parse_size(into)) throw Error(path, "compose." + key + ": invalid size '" + into + "'");
      };
      if (key == "host-memory") size(cfg.host_memory);
      else if (key == "host-disk") size(cfg.host_disk);
      else if (key == "os-reserve") size(cfg.os_reserve);
      else if (key == "disk-reserve") size(cfg.disk_reserve);
      else if (key == "image-max-size") size(cfg.image_max_size);
      else if (key == "host-cpus") {
        cfg.host_cpus = v.as<double>();
        if (*cfg.host_cpus <= 0) throw Error(path, "compose.host-cpus: must be positive");
      } else if (key == "ignore") {
        if (!v.IsSequence()) throw Error(path, "compose.ignore: must be a list of rule ids");
        for (const auto& id : v) {
          std::string r = id.as<std::string>();
          bool known = false;
          for (const auto& rule_def : all_rules()) known |= rule_def.id == r;
          if (!known) throw Error(path, "compose.ignore: unknown rule '" + r + "'");
          cfg.ignore.insert(r);
        }
      } else if (key == "failure-threshold") {
        cfg.failure_threshold = v.as<std::string>();
        if (parse_threshold(cfg.failure_threshold) < 0)
          throw Error(path, "compose.failure-threshold: '" + cfg.failure_threshold +
                                "' is not one of error, warning, info, none");
      } else {
        throw Error(path, "compose: unknown key '" + key + "'");
      }
    }
  } catch (const YAML::Exception& e) {
    throw Error(path, std::string("compose: ") + e.what());
  }
  return cfg;
}

std::string find_compose_config(const std::string& first_compose_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path beside = fs::path(first_compose_file).parent_path() / ".imgslim.yaml";
  if (fs::is_regular_file(beside, ec)) return beside.string();
  if (fs::is_regular_file(".imgslim.yaml", ec)) return ".imgslim.yaml";
  return "";
}

}  // namespace imgslim::compose
