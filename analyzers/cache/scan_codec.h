// One layer scan as a cache entry file (the frame of entry_frame.h). The
// payload names its key (diff_id and profile) and holds the whole LayerScan: the tar's figures, the entries with their names
// back to back, the captured contents. Numbers are little-endian.
//
// Bump kScanFormatVersion whenever what a scan holds changes: the layer
// scanner, the records, or what attribution captures (its predicate is keyed
// only by name, analyzers/analysis.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzers/cache/entry_frame.h"
#include "analyzers/scan/layer_scan.h"
#include "oci/model/digest.h"

namespace imgslim::analyzers {

inline constexpr std::uint32_t kScanFormatVersion = 1;

std::string encode_layer_scan(const LayerScan& scan, const oci::Digest& diff_id, const std::string& profile);

// Throws UnusableEntry when `file` is not a complete, intact entry of this
// format for exactly this key, or when what it holds does not hang together.
LayerScan decode_layer_scan(std::string_view file, const oci::Digest& diff_id, const std::string& profile);

}  // namespace imgslim::analyzers
