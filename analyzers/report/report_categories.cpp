#include "analyzers/report/report_categories.h"

#include <memory>
#include <string>

#include "analyzers/attribution/attribution.h"
#include "analyzers/attribution/rules_config.h"

namespace imgslim::analyzers {

CategoryOf record_category_function(const Analysis& analysis) {
  auto attribution =
      std::make_shared<Attribution>(attribute(analysis.scan, load_attribution_rules(".imgslim.yaml"), analysis.waste.base.layers));
  return [attribution](RecordId record) {
    if (record >= attribution->record_categories.size()) return std::string("os");
    return std::string(category_id(attribution->record_categories[record]));
  };
}

}  // namespace imgslim::analyzers
