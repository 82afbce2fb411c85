// What one rule saves, read from two measured variants: "all" (every rule)
// and "all-but-<rule>" (every rule but that one), both built. `rewrite
// --measure` adds such a pair for prune-modules, whose bytes are inside
// node_modules and show in no other column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "builder/measure.h"

namespace imgslim::builder {

struct RuleSaving {
  std::string rule;
  std::int64_t bytes = 0;  // size of "all-but-<rule>" minus size of "all"
};

std::vector<RuleSaving> rule_savings(const MeasureReport& report);

}  // namespace imgslim::builder
