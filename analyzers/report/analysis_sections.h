// Extension point of the analyze report: each section adds its own keys to
// the JSON report and its own block to the text report. (The file contents a
// section's analyzer needs are asked for by analyze_image, analysis.cpp.)
//
// Attribution adds its sections (`categories`, `packages`, `findings`) by
// listing them in analysis_sections() (analysis_sections.cpp) — the only
// place to touch; the report builder calls every listed section in order.
#pragma once
#include <functional>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "analyzers/analysis.h"

namespace imgslim::analyzers {

struct ReportOptions;

struct AnalysisSection {
  std::string name;  // the JSON key it owns, e.g. "categories"
  // Adds its keys to the (schema_version 1) report object.
  std::function<void(const Analysis&, nlohmann::json& report, const ReportOptions&)> add_json;
  // Writes its block of the text report (may write nothing).
  std::function<void(const Analysis&, std::ostream& out, const ReportOptions&)> add_text;
};

// Every section, in report order.
const std::vector<AnalysisSection>& analysis_sections();

}  // namespace imgslim::analyzers
