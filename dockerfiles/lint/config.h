// The `lint:` section of .imgslim.yaml (the config file the other commands
// read too):
//
//   lint:
//     ignore: [maintainer, no-healthcheck]
//     failure-threshold: warning
#pragma once
#include <optional>
#include <set>
#include <string>

#include "dockerfiles/lint/lint.h"

namespace imgslim::dockerfiles {

struct LintConfig {
  std::set<std::string> ignore;
  std::optional<Severity> failure_threshold;
};

// Throws imgslim::Error(path, problem) on unreadable YAML, unknown rule ids
// or a bad threshold. A file without a lint section yields an empty config.
LintConfig load_lint_config(const std::string& path);

// .imgslim.yaml beside the Dockerfile, else in the working directory, else "".
std::string find_lint_config(const std::string& dockerfile_path);

}  // namespace imgslim::dockerfiles
