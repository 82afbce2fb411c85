// `imgslim check --format codeclimate`: GitLab's Code Quality report (the
// Code Climate issue format), one issue per failed budget rule, at the
// Dockerfile line responsible when known, else at the budget entry. The
// fingerprint leaves out the measured figures and the image reference (a tag
// per commit), so the same failing rule is the same issue in every pipeline.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "analyzers/gate/check_report.h"
#include "support/fingerprint.h"

namespace imgslim::analyzers {

std::string render_check_codeclimate(const CheckReport& r) {
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    if (x.status != RuleStatus::Fail) continue;
    const auto& loc = i < r.locations.size() ? r.locations[i] : std::nullopt;
    std::string path = loc ? loc->file : r.budget_file;
    int line = loc ? loc->line : std::max(1, r.budget_line);
    std::string description = x.rule + ": " + x.message;
    if (!x.measured.empty()) description += " (measured " + x.measured + ", limit " + x.limit + ")";
    std::vector<std::string> key{"imgslim check", r.budget_image, x.rule, path};
    key.push_back(std::to_string(seen[fingerprint(key)]++));
    issues.push_back({{"type", "issue"},
                      {"check_name", "imgslim/check/" + x.rule},
                      {"description", description},
                      {"categories", {"Performance"}},
                      {"severity", "critical"},
                      {"fingerprint", fingerprint(key)},
                      {"location", {{"path", path}, {"lines", {{"begin", line}}}}}});
  }
  return issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::analyzers
