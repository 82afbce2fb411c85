// `imgslim lint --format codeclimate`: GitLab's Code Quality report (the Code
// Climate issue format). The fingerprint is the rule, the file and the
// message without its digits ("(line 3)"), and which occurrence of that triple
// it is, not the line: a finding keeps its identity when lines above it move.
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "dockerfiles/lint/output.h"
#include "support/fingerprint.h"

namespace imgslim::dockerfiles {

namespace {

const char* codeclimate_severity(Severity s) {
  switch (s) {
    case Severity::Error: return "critical";
    case Severity::Warning: return "major";
    case Severity::Info: return "info";
  }
  return "major";
}

}  // namespace

std::string format_findings_codeclimate(const std::vector<Finding>& findings) {
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  std::map<std::string, int> seen;
  for (const Finding& f : findings) {
    std::string message;
    for (char c : f.message)
      if (!std::isdigit(static_cast<unsigned char>(c))) message += c;
    std::vector<std::string> key{"imgslim lint", f.rule, f.file, message};
    key.push_back(std::to_string(seen[fingerprint(key)]++));
    issues.push_back({{"type", "issue"},
                      {"check_name", "imgslim/lint/" + f.rule},
                      {"description", f.message + (f.fix.empty() ? "" : " Fix: " + f.fix)},
                      {"categories", {"Style"}},
                      {"severity", codeclimate_severity(f.severity)},
                      {"fingerprint", fingerprint(key)},
                      {"location", {{"path", f.file}, {"lines", {{"begin", std::max(1, f.line)}}}}}});
  }
  return issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::dockerfiles
