#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "analyzers/scan/layer_scan.h"
#include "oci/layers/compression.h"
#include "oci/layers/layer_reader.h"
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

}  // namespace

ImageScan scan_image(const oci::Image& image, const ScanOptions& options) {
  check_media_types(image);
  std::string algorithm = "sha256";
  if (image.layer_count() > 0 && !image.layer(0).diff_id().empty()) algorithm = image.layer(0).diff_id().algorithm;

  std::mutex results_mutex;
  std::map<std::size_t, LayerScan> by_arrival;
  std::map<std::size_t, std::string> names;

  oci::StreamOptions stream;
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
  const std::size_t count = image.layer_count();
  if (arrival_of.size() != count)
    throw Error(image.ref(), "the source delivered " + std::to_string(arrival_of.size()) + " layer mappings for " +
                                 std::to_string(count) + " layers");
  std::vector<LayerScan> scans(count);
  std::vector<std::size_t> last_use(by_arrival.size() + 1, 0);
  for (std::size_t i = 0; i < count; ++i) last_use.at(arrival_of[i]) = i;
  for (std::size_t i = 0; i < count; ++i) {
    auto it = by_arrival.find(arrival_of[i]);
    if (it == by_arrival.end())
      throw Error(image.ref(), "layer " + std::to_string(i + 1) + " was not delivered by the source");
    check_layer(image.layer(i), it->second.stats, names[arrival_of[i]], options.verify);
    // A blob shared by several layers is scanned once and copied for the others.
    if (last_use[arrival_of[i]] == i) scans[i] = std::move(it->second);
    else scans[i] = it->second;
  }

  std::vector<LayerSummary> summaries(count);
  for (std::size_t i = 0; i < count; ++i) {
    summaries[i].descriptor = image.layer(i).descriptor();
    summaries[i].diff_id = image.layer(i).diff_id();
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
