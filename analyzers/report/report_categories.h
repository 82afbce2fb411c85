// The category of every record of an analysis (for the HTML report's
// treemap), from the same attribution rules `analyze` uses.
#pragma once
#include "analyzers/analysis.h"
#include "analyzers/report/treemap.h"

namespace imgslim::analyzers {

CategoryOf record_category_function(const Analysis& analysis);

}  // namespace imgslim::analyzers
