#include "analyzers/analysis.h"

#include <algorithm>

#include "analyzers/attribution/attribution.h"
#include "analyzers/scan/layer_scan_store.h"
#include "support/parallel.h"
#include "support/phase_timer.h"

namespace imgslim::analyzers {

Analysis analyze_scan(ImageScan scan, const std::optional<BaseImage>& base, DiveMetricsStore* store) {
  Analysis a;
  a.scan = std::move(scan);
  // dive's figures are kept by layer chain only for scans checked against their diff_ids.
  if (!a.scan.verified || std::any_of(a.scan.layers.begin(), a.scan.layers.end(),
                                      [](const LayerSummary& l) { return l.diff_id.empty(); }))
    store = nullptr;
  BaseSplit split = base ? base_from_image(a.scan, base->diff_ids, base->ref) : base_from_history(a.scan);
  // Both only read the scan: side by side.
  run_both(
      [&] {
        PhaseTimer t("dive metrics");
        const std::string key = store ? dive_chain_key(a.scan) : std::string();
        if (auto kept = store ? store->load_dive(key) : std::nullopt) {
          a.dive = std::move(*kept);
          return;
        }
        a.dive = compute_dive_metrics(a.scan);
        if (store) store->store_dive(key, a.dive);
      },
      [&] {
        PhaseTimer t("waste metrics");
        a.waste = compute_waste_metrics(a.scan, split);
      });
  return a;
}

namespace {

// The file contents the analyzers read beyond the scan's own figures (package
// databases, package.json, lockfiles): today attribution's alone.
// Its name keys cached layer scans: what it captures changes only with
// imgslim's code, and a change bumps the scan format (analyzers/cache/scan_codec.h).
CapturePredicate analyzers_capture() { return attribution_capture(); }
constexpr const char* kAnalyzersCaptureId = "attribution";

}  // namespace

Analysis analyze_image(const oci::Image& image, ScanOptions options, const std::optional<BaseImage>& base) {
  if (!options.capture_sections) {
    // only the caller's own predicate
  } else if (!options.capture) {
    options.capture = analyzers_capture();
    options.capture_id = kAnalyzersCaptureId;
  } else if (auto extra = analyzers_capture()) {
    auto own = options.capture;
    options.capture = [own, extra](std::string_view p, std::int64_t s) { return own(p, s) || extra(p, s); };
    if (!options.capture_id.empty()) options.capture_id += std::string("+") + kAnalyzersCaptureId;
  }
  return analyze_scan(scan_image(image, options), base, dynamic_cast<DiveMetricsStore*>(options.cache));
}

}  // namespace imgslim::analyzers
