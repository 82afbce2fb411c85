// The final filesystem as a size hierarchy for the report's treemap:
// directories aggregated to `max_depth` levels, each node coloured by the
// category that owns most of its bytes; small siblings folded into one
// "(N more)" node so the page stays small for million-file images.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "analyzers/report/html_report.h"
#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

using CategoryOf = std::function<std::string(RecordId record)>;

TreemapNode build_treemap(const ImageScan& scan, const CategoryOf& category_of, std::size_t max_depth = 3,
                          std::size_t max_children = 40);

}  // namespace imgslim::analyzers
