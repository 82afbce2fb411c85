// What analyze_image asks of a store of earlier dive metrics: dive's figures
// depend on the ordered layers alone, so an image whose layer chain was
// analyzed before (a re-run in CI) needs not rebuild dive's trees. The
// layer-scan cache (analyzers/cache/) implements it.
#pragma once
#include <optional>
#include <string>

#include "analyzers/metrics/dive_metrics.h"

namespace imgslim::analyzers {

// The key of a scan's layer chain: a digest over the format of the metrics
// and every layer's diff_id, bottom first (as OCI's ChainID chains them).
std::string dive_chain_key(const ImageScan& scan);

class DiveMetricsStore {
 public:
  virtual ~DiveMetricsStore() = default;
  // nullopt when absent or unusable (the store says why, once).
  virtual std::optional<DiveMetrics> load_dive(const std::string& chain_key) = 0;
  // Never throws; a store that cannot write says so and carries on.
  virtual void store_dive(const std::string& chain_key, const DiveMetrics& metrics) = 0;
};

}  // namespace imgslim::analyzers
