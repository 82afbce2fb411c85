// One audit finding: a stable rule id (`compose-...`), a severity, the
// service it concerns, a message that says what to change, and the Compose
// file line that set (or should set) the value.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "compose/model/value.h"

namespace imgslim::compose {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

const char* severity_name(Severity s);  // "info", "warning", "error"

// "1 error", "2 errors", "1 service", "3 services".
inline std::string counted(long long n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
// "error" | "warning" | "info" | "none"; std::nullopt-like -1 for unknown.
int parse_threshold(const std::string& text);  // returns Severity as int, 3 for "none", -1 invalid

struct Finding {
  std::string rule;
  Severity severity = Severity::Warning;
  std::string service;  // empty for stack-wide findings
  std::string message;
  Location where;
  // Suggested settings (name, value), e.g. pgtune's values for the limit.
  std::vector<std::pair<std::string, std::string>> recommended;
};

}  // namespace imgslim::compose
