#include "analyzers/analysis_sections.h"

namespace imgslim::analyzers {

const std::vector<AnalysisSection>& analysis_sections() {
  // Sections computed by other analyzers register here, in report order.
  static const std::vector<AnalysisSection> sections = {};
  return sections;
}

CapturePredicate sections_capture() {
  std::vector<CapturePredicate> predicates;
  for (const auto& s : analysis_sections())
    if (s.capture) predicates.push_back(s.capture);
  if (predicates.empty()) return {};
  return [predicates](std::string_view path, std::int64_t size) {
    for (const auto& p : predicates)
      if (p(path, size)) return true;
    return false;
  };
}

}  // namespace imgslim::analyzers
