// Everything `imgslim analyze` reports about one image: the scan, dive's
// figures and imgslim's own. Other commands (check, report, diff) start here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzers/metrics/dive_metrics.h"
#include "analyzers/scan/image_scan.h"
#include "analyzers/metrics/waste_metrics.h"

namespace imgslim::analyzers {

struct Analysis {
  ImageScan scan;
  DiveMetrics dive;
  WasteMetrics waste;
};

// The base image, when the user named one (--base REF): its diff_ids.
struct BaseImage {
  std::string ref;
  std::vector<oci::Digest> diff_ids;
};

// Scans `image` (content kept for every analysis section's capture
// predicate, see analysis_sections.h) and computes both metric sets.
Analysis analyze_image(const oci::Image& image, ScanOptions options,
                       const std::optional<BaseImage>& base = std::nullopt);

// The same from an existing scan (tests, in-memory layers).
Analysis analyze_scan(ImageScan scan, const std::optional<BaseImage>& base = std::nullopt);

}  // namespace imgslim::analyzers
