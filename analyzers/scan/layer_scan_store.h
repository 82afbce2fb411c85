// What scan_image asks of a store of earlier layer scans, keyed by the
// layer's diff_id: the layer-scan cache (analyzers/cache/) implements it, so
// that scan/ stays at the bottom of analyzers/.
//
// A scan depends on the layer's tar alone (never on how the blob was stored)
// and on what the scan captured: `profile` names the capture predicate and
// limit, and stores keep one entry per (diff_id, profile).
#pragma once
#include <optional>
#include <string>

#include "analyzers/scan/layer_scan.h"
#include "oci/model/digest.h"

namespace imgslim::analyzers {

class LayerScanStore {
 public:
  virtual ~LayerScanStore() = default;
  // The scan of a layer whose tar hashed to `diff_id` when it was read;
  // nullopt when absent or unusable (the store says why, once). Its stats
  // carry the tar's figures (tar_bytes, entries, tar_digest, push_gzip_bytes);
  // the blob's (compressed_bytes, compression) are the caller's to set.
  // Called from one thread.
  virtual std::optional<LayerScan> load(const oci::Digest& diff_id, const std::string& profile) = 0;
  // Keeps `scan`, read from a tar verified against `diff_id`. Thread-safe;
  // a store that cannot write says so and carries on (never throws).
  virtual void store(const oci::Digest& diff_id, const std::string& profile, const LayerScan& scan) = 0;
};

}  // namespace imgslim::analyzers
