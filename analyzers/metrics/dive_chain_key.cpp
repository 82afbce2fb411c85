#include "analyzers/metrics/dive_metrics_store.h"

#include "oci/model/digest.h"

namespace imgslim::analyzers {

namespace {

// Bump when compute_dive_metrics would give another figure for the same scan.
constexpr const char* kDiveAlgorithm = "dive-metrics v1";

}  // namespace

std::string dive_chain_key(const ImageScan& scan) {
  std::string chain = kDiveAlgorithm;
  for (const auto& layer : scan.layers) chain += "\n" + layer.diff_id.str();
  return oci::sha256_of(chain).hex;
}

}  // namespace imgslim::analyzers
