// Dive's metrics of one layer chain as a cache entry file (the frame of
// entry_frame.h), named by the chain key (metrics/dive_metrics_store.h).
// The payload names its key and the scan format the metrics were computed
// from, then holds every figure and inefficiency.
#pragma once
#include <string>
#include <string_view>

#include "analyzers/cache/entry_frame.h"
#include "analyzers/metrics/dive_metrics.h"

namespace imgslim::analyzers {

inline constexpr std::uint32_t kDiveFormatVersion = 1;

std::string encode_dive_metrics(const DiveMetrics& metrics, const std::string& chain_key);

// Throws UnusableEntry when `file` is not an intact entry of this format for
// this key, computed from scans of this imgslim's scan format.
DiveMetrics decode_dive_metrics(std::string_view file, const std::string& chain_key);

}  // namespace imgslim::analyzers
