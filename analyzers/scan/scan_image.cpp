#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "analyzers/scan/layer_scan.h"
#include "analyzers/scan/layer_scan_store.h"
#include "oci/layers/compression.h"
#include "oci/layers/layer_reader.h"
#include "oci/model/limits.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "support/parallel.h"
#include "support/phase_timer.h"
#include "support/progress.h"

namespace imgslim::analyzers {

namespace {

// Pairs history entries with layers: entries marked empty_layer made no layer.
void pair_history(const oci::ImageConfig& config, std::vector<LayerSummary>& layers) {
  std::size_t next = 0;
  for (const auto& h : config.history) {
    if (h.empty_layer) continue;
    if (next >= layers.size()) break;
    auto& l = layers[next++];
    l.has_history = true;
    l.created_by = h.created_by;
    l.created = h.created;
    l.comment = h.comment;
  }
}

// The streaming workers' malloc arenas keep the pages of freed entries;
// returning them keeps peak RSS near the live data (glibc only).
void release_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

unsigned worker_count(const ScanOptions& options) {
  std::size_t n = options.threads;
  if (n == 0) n = worker_threads();
  return unsigned(std::max<std::size_t>(1, n));
}

// Counts the stored bytes of a blob into the progress display as they pass.
class CountingStream final : public oci::ByteStream {
 public:
  CountingStream(oci::ByteStream& inner, Progress* progress) : inner_(inner), progress_(progress) {}
  std::size_t read(void* buf, std::size_t n) override {
    std::size_t r = inner_.read(buf, n);
    if (progress_) progress_->add_bytes(r);
    return r;
  }

 private:
  oci::ByteStream& inner_;
  Progress* progress_;
};

// Every layer's media type must name a layer format imgslim reads.
void check_media_types(const oci::Image& image) {
  for (std::size_t i = 0; i < image.layer_count(); ++i) {
    const auto& d = image.layer(i).descriptor();
    oci::LayerCompression c;
    if (!d.media_type.empty() && !oci::media::layer_compression(d.media_type, c))
      throw Error(image.ref(), "layer " + std::to_string(i + 1) + " (" + d.digest.str() +
                                   ") has the unsupported media type \"" + d.media_type + "\"");
  }
}

// After streaming, each layer's bytes are known: check what the stream could
// not know while it ran (which diff_id and media type the blob belongs to).
void check_layer(const oci::Layer& layer, const oci::LayerStats& stats, const std::string& name, bool verify) {
  const auto& d = layer.descriptor();
  oci::LayerCompression promised;
  if (!d.media_type.empty() && oci::media::layer_compression(d.media_type, promised) &&
      stats.compression != oci::compression_name(promised))
    throw Error(name, "media type " + d.media_type + " promises " + oci::compression_name(promised) + " but the blob is " +
                          (stats.compression == "none" ? std::string("not compressed") : stats.compression));
  if (!verify || layer.diff_id().empty()) return;
  // A plain tar's diff_id is its blob digest, which the source verified while streaming.
  const oci::Digest& actual = stats.compression == "none" ? d.digest : stats.tar_digest;
  if (!actual.empty() && actual != layer.diff_id())
    throw Error(name, "diff_id mismatch: the uncompressed layer hashes to " + actual.str() + ", the config says " +
                          layer.diff_id().str());
}

// What keys a layer's scan beside its diff_id: the capture predicate and its
// limit, and the reading limits in force (a layer read under looser limits
// must be read again, and refused, under stricter ones). Empty when the scan
// cannot be kept (a predicate nobody named).
std::string cache_profile(const ScanOptions& options) {
  if (!options.cache || (options.capture && options.capture_id.empty())) return {};
  const auto& l = oci::limits::configured();
  std::string profile =
      (options.capture ? options.capture_id : std::string("none")) + "/" + std::to_string(options.capture_limit);
  const oci::limits::Configured defaults;
  if (l.layer_bytes != defaults.layer_bytes || l.expansion_ratio != defaults.expansion_ratio ||
      l.layer_entries != defaults.layer_entries || l.path_bytes != defaults.path_bytes)
    profile += "/limits:" + std::to_string(l.layer_bytes) + ":" + std::to_string(l.expansion_ratio) + ":" +
               std::to_string(l.layer_entries) + ":" + std::to_string(l.path_bytes);
  return profile;
}

// A stored scan of layer `layer`, with the blob's figures taken from its
// descriptor as a read of the blob would find them; nullopt when the
// descriptor cannot say them or the store has no usable entry.
std::optional<LayerScan> cached_scan(const oci::Layer& layer, const ScanOptions& options, const std::string& profile) {
  const oci::Descriptor& d = layer.descriptor();
  oci::LayerCompression c;
  if (layer.diff_id().empty() || !oci::media::layer_compression(d.media_type, c)) return std::nullopt;
  const bool plain = c == oci::LayerCompression::None;
  if (!plain && d.size <= 0) return std::nullopt;
  auto scan = options.cache->load(layer.diff_id(), profile);
  if (!scan) return std::nullopt;
  if (options.push_size && plain && scan->stats.push_gzip_bytes == 0) return std::nullopt;  // not computed then
  scan->stats.compression = oci::compression_name(c);
  scan->stats.compressed_bytes = plain ? scan->stats.tar_bytes : std::uint64_t(d.size);
  if (!plain || !options.push_size) scan->stats.push_gzip_bytes = 0;
  return scan;
}

}  // namespace

ImageScan scan_image(const oci::Image& image, const ScanOptions& options) {
  check_media_types(image);
  std::string algorithm = "sha256";
  if (image.layer_count() > 0 && !image.layer(0).diff_id().empty()) algorithm = image.layer(0).diff_id().algorithm;

  const std::size_t count = image.layer_count();
  const std::string profile = cache_profile(options);
  std::vector<std::optional<LayerScan>> cached(count);
  oci::StreamOptions stream;
  stream.skip.assign(count, false);
  if (!profile.empty()) {
    PhaseTimer looking("cache lookup");
    for (std::size_t i = 0; i < count; ++i) {
      cached[i] = cached_scan(image.layer(i), options, profile);
      stream.skip[i] = cached[i].has_value();
      if (cached[i] && options.progress) options.progress->layer_done();
    }
  }

  std::mutex results_mutex;
  std::map<std::size_t, LayerScan> by_arrival;
  std::map<std::size_t, std::string> names;

  stream.parallel = worker_count(options);
  stream.verify = options.verify;
  std::optional<PhaseTimer> streaming(std::in_place, "stream layers");
  const auto arrival_of = image.stream_layers(
      [&](oci::LayerArrival& arrival) {
        CountingStream counted(*arrival.blob, options.progress);
        LayerScanner scanner(options.capture, options.capture_limit);
        oci::LayerCheck check;
        if (options.verify) check.hash_algorithm = algorithm;
        if (options.push_size) check.push_size_threads = worker_threads();
        auto stats = oci::read_layer_stream(counted, arrival.name, check,
                                            [&](const oci::TarEntry& e, oci::EntryContent* c) { scanner.visit(e, c); });
        LayerScan scan = scanner.take();
        scan.stats = std::move(stats);
        if (options.progress) options.progress->layer_done();
        std::lock_guard lock(results_mutex);
        by_arrival.emplace(arrival.arrival, std::move(scan));
        names.emplace(arrival.arrival, arrival.name);
      },
      stream);
  streaming.reset();
  PhaseTimer assembling("assemble");

  // Descriptors, diff_ids and the config are final now (the engine refines them from its export).
  if (arrival_of.size() != count)
    throw Error(image.ref(), "the source delivered " + std::to_string(arrival_of.size()) + " layer mappings for " +
                                 std::to_string(count) + " layers");
  std::vector<LayerScan> scans(count);
  std::map<std::size_t, std::size_t> last_use;  // arrival -> last layer reading it
  for (std::size_t i = 0; i < count; ++i)
    if (!cached[i]) last_use[arrival_of[i]] = i;
  std::vector<std::size_t> to_store;
  for (std::size_t i = 0; i < count; ++i) {
    if (cached[i]) {
      scans[i] = std::move(*cached[i]);
      continue;
    }
    auto it = by_arrival.find(arrival_of[i]);
    if (it == by_arrival.end())
      throw Error(image.ref(), "layer " + std::to_string(i + 1) + " was not delivered by the source");
    check_layer(image.layer(i), it->second.stats, names[arrival_of[i]], options.verify);
    // A blob shared by several layers is scanned once and copied for the others.
    if (last_use[arrival_of[i]] == i) scans[i] = std::move(it->second);
    else scans[i] = it->second;
    // Only what was checked against its diff_id is kept: a cached scan is a verified one.
    const oci::Digest& diff_id = image.layer(i).diff_id();
    if (!profile.empty() && options.verify && !diff_id.empty() &&
        std::none_of(to_store.begin(), to_store.end(), [&](std::size_t k) { return image.layer(k).diff_id() == diff_id; }))
      to_store.push_back(i);
  }
  if (!to_store.empty()) {
    PhaseTimer storing("cache store");
    parallel_for(to_store.size(), worker_count(options), [&](std::size_t k) {
      const std::size_t i = to_store[k];
      options.cache->store(image.layer(i).diff_id(), profile, scans[i]);
    });
  }

  std::vector<LayerSummary> summaries(count);
  for (std::size_t i = 0; i < count; ++i) {
    summaries[i].descriptor = image.layer(i).descriptor();
    summaries[i].diff_id = image.layer(i).diff_id();
    // A plain tar blob is its tar: a source that could not size it before
    // reading (an engine that was not asked for its export) sizes it now.
    if (summaries[i].descriptor.size < 0 && scans[i].stats.compression == "none")
      summaries[i].descriptor.size = std::int64_t(scans[i].stats.tar_bytes);
  }
  pair_history(image.config(), summaries);
  ImageScan scan = assemble_scan(std::move(scans), std::move(summaries));
  release_free_memory();  // the per-layer entries are gone: hand their pages back before the metrics
  scan.ref = image.ref();
  scan.digest = image.digest();
  scan.config = image.config();
  scan.platform = image.config().platform;
  scan.verified = options.verify;
  return scan;
}

}  // namespace imgslim::analyzers
