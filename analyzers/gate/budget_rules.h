// Evaluates a Budget against an image (and optionally a baseline image):
// one result per configured rule, PASS / FAIL / SKIP with measured vs limit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzers/gate/budget.h"
#include "analyzers/gate/check_subject.h"

namespace imgslim::analyzers {

enum class RuleStatus { Pass, Fail, Skip };

struct RuleOutcome {
  std::string rule;      // "max-size", "categories.dev-deps", "require-non-root", ...
  RuleStatus status = RuleStatus::Pass;
  std::string measured;  // human text: "312 MB"
  std::string limit;     // human text: "250 MB"
  std::string message;   // one sentence saying what was found
  std::vector<std::string> offenders;        // top offending layers/packages/paths, as text
  std::optional<std::size_t> layer;          // the layer most responsible, if any (for Dockerfile mapping)
};

const char* status_name(RuleStatus s);  // "PASS", "FAIL", "SKIP"

std::vector<RuleOutcome> evaluate_budget(const Budget& budget, const CheckSubject& image,
                                         const CheckSubject* baseline);

}  // namespace imgslim::analyzers
