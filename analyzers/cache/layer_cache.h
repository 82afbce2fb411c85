// analyzers/cache/ — the layer-scan cache: each layer's scan kept on disk by
// diff_id, so that a layer read once is never read again (cache_settings.h
// where and how big, scan_codec.h the entry format, cache_entries.h the
// files and their least-recently-used trim).
// May include: analyzers/scan/, analyzers/metrics/, oci/model/, support/.
//
// The cache scan_image consults (ScanOptions::cache): one file per
// (diff_id, capture profile), named <algorithm>-<hex>-<profile hash>.scan,
// written to a temporary file and renamed into place (readers see a whole
// entry or none; two processes writing the same entry both write the same
// content), trimmed to its bound, least recently used first, after each
// write. An entry that cannot be used (truncated, corrupt, another format
// version, another key) is reported once through the note sink and treated
// as absent; the layer is read again and the entry rewritten. It also keeps
// dive's metrics per layer chain (dive-<chain key>.scan), so a re-analysis of
// an image whose every layer is cached rebuilds none of dive's trees.
#pragma once
#include <functional>
#include <mutex>
#include <string>

#include "analyzers/cache/cache_settings.h"
#include "analyzers/metrics/dive_metrics_store.h"
#include "analyzers/scan/layer_scan_store.h"

namespace imgslim::analyzers {

using NoteSink = std::function<void(const std::string& note)>;

class LayerCache final : public LayerScanStore, public DiveMetricsStore {
 public:
  explicit LayerCache(CacheSettings settings, NoteSink note = {});

  std::optional<LayerScan> load(const oci::Digest& diff_id, const std::string& profile) override;
  void store(const oci::Digest& diff_id, const std::string& profile, const LayerScan& scan) override;

  std::optional<DiveMetrics> load_dive(const std::string& chain_key) override;
  void store_dive(const std::string& chain_key, const DiveMetrics& metrics) override;
  std::string dive_entry_path(const std::string& chain_key) const;

  const CacheSettings& settings() const { return settings_; }
  std::string entry_path(const oci::Digest& diff_id, const std::string& profile) const;
  std::size_t hits() const { return hits_; }

 private:
  void note(const std::string& text);
  void write_entry(const std::string& path, const std::function<std::string()>& encode);

  CacheSettings settings_;
  NoteSink note_;
  std::mutex mutex_;  // notes, the write-failure flag, the trim
  bool write_failed_ = false;
  std::size_t hits_ = 0;
};

}  // namespace imgslim::analyzers
