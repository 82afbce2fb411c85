// analyzers/ — everything computed from layers: this header is the analysis (scan + metrics) every
// command starts from; scan/ (one pass over the layers: entries, merged tree, path table, base split),
// metrics/ (dive's figures, imgslim's waste), attribution/ (categories, packages, findings), gate/
// (budgets and the check), report/ (text, JSON, HTML), diff/ (two images compared).
// May include: analyzers/scan/, analyzers/metrics/, analyzers/attribution/, oci/, support/.
//
// Everything `imgslim analyze` reports about one image: the scan, dive's
// figures and imgslim's own. Other commands (check, report, diff) start here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzers/metrics/dive_metrics.h"
#include "analyzers/metrics/dive_metrics_store.h"
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

// Scans `image` (keeping the file contents the analyzers read: package
// databases, package.json, lockfiles) and computes both metric sets.
Analysis analyze_image(const oci::Image& image, ScanOptions options,
                       const std::optional<BaseImage>& base = std::nullopt);

// The same from an existing scan (tests, in-memory layers). With a store,
// dive's metrics of a verified scan's layer chain are taken from it when
// kept there, and kept there when computed.
Analysis analyze_scan(ImageScan scan, const std::optional<BaseImage>& base = std::nullopt,
                      DiveMetricsStore* store = nullptr);

}  // namespace imgslim::analyzers
