// The catalogue of audit rules: stable ids (`compose-*`), default severity
// and a one-line summary (SARIF rule metadata, docs/compose.md).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compose/model/finding.h"

namespace imgslim::compose {

struct Rule {
  std::string id;
  Severity severity;
  std::string summary;
  bool budget;  // an error of this rule means "does not fit"
};

const std::vector<Rule>& all_rules();
const Rule& rule(std::string_view id);  // throws std::logic_error for an unknown id

}  // namespace imgslim::compose
