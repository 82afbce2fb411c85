#include "analyzers/report/analysis_sections.h"

#include <ostream>

#include "analyzers/report/analysis_report.h"
#include "analyzers/report/attribution_report.h"
#include "analyzers/attribution/rules_config.h"

namespace imgslim::analyzers {

const std::vector<AnalysisSection>& analysis_sections() {
  // Sections computed by other analyzers register here, in report order.
  static const std::vector<AnalysisSection> sections = {
      // Attribution (issue 4): categories, packages, findings. Rules: the
      // built-in tables plus the `attribution:` section of ./.imgslim.yaml.
      {"categories",
       [](const Analysis& a, nlohmann::json& report, const ReportOptions& o) {
         if (o.attribution) add_attribution_json(report, attribute(a.scan, load_attribution_rules(o.rules_file), a.waste.base.layers));
       },
       [](const Analysis& a, std::ostream& out, const ReportOptions& o) {
         if (o.attribution)
           out << "\n" << render_attribution_text(attribute(a.scan, load_attribution_rules(o.rules_file), a.waste.base.layers));
       }},
  };
  return sections;
}

}  // namespace imgslim::analyzers
