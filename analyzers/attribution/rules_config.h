// User additions and overrides of the attribution rules, from the
// `attribution:` section of .imgslim.yaml:
//
//   attribution:
//     rules:                          # checked before the built-in tables
//       - path: "srv/uploads/**"      # glob over image paths
//         category: app
//       - path: "**/*.onnx"
//         category: runtime-deps
//         group: "models"
//       - package: "python3*"         # glob over OS package names
//         ecosystem: deb              # deb, apk or * (default *)
//         category: os
//     typescript-sources-are-tooling: false
#pragma once
#include <string>
#include <string_view>

#include "analyzers/attribution/category_rules.h"

namespace imgslim::analyzers {

// Applies the `attribution:` section of a YAML document (other top-level
// keys are ignored). Errors name `input` and the offending entry.
void apply_rules_config(AttributionRules& rules, std::string_view yaml_text, const std::string& input);

// The defaults plus the config file at `path` (when it exists).
AttributionRules load_attribution_rules(const std::string& path);

}  // namespace imgslim::analyzers
