// analyzers/report/ — how an analysis is shown: text, JSON, the HTML report and its treemap, and the
// sections other analyzers add.
// May include: analyzers/ (analysis.h), analyzers/attribution/, analyzers/scan/, support/.
//
// The analyze report: JSON (schema_version 1, docs/analyze-json.md) and the
// readable text form. Both end with every analysis section's contribution.
#pragma once
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analyzers/analysis.h"

namespace imgslim::analyzers {

inline constexpr int kAnalyzeSchemaVersion = 1;

struct ReportOptions {
  std::size_t top_files = 20;       // largest files listed
  std::size_t top_inefficient = 20; // dive inefficiencies listed (text); JSON: all
  std::size_t top_duplicates = 20;
  bool color = false;
  bool attribution = true;                // the attribution sections (categories, packages, findings)
  std::string rules_file = ".imgslim.yaml";  // its `attribution:` rules, when the file exists
};

void analysis_to_json(const Analysis& analysis, nlohmann::json& out, const ReportOptions& options = {});
std::string analysis_json_text(const Analysis& analysis, const ReportOptions& options = {});
void write_analysis_text(const Analysis& analysis, std::ostream& out, const ReportOptions& options = {});

// Largest visible regular files of the final image (path order on ties).
std::vector<RecordId> largest_files(const ImageScan& scan, std::size_t limit);

}  // namespace imgslim::analyzers
