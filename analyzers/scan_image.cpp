#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "analyzers/layer_scan.h"
#include "oci/layer_reader.h"

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

std::size_t worker_count(const ScanOptions& options, std::size_t layers) {
  std::size_t n = options.threads;
  if (n == 0) n = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  return std::max<std::size_t>(1, std::min(n, layers));
}

}  // namespace

ImageScan scan_image(const oci::Image& image, const ScanOptions& options) {
  const std::size_t count = image.layer_count();
  std::vector<LayerScan> scans(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};

  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      if (failed.load()) return;
      try {
        LayerScanner scanner(options.capture, options.capture_limit);
        auto stats = oci::read_layer(image.layer(i), options.verify,
                                     [&](const oci::TarEntry& e, oci::EntryContent* c) { scanner.visit(e, c); });
        scans[i] = scanner.take();
        scans[i].stats = stats;
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  std::size_t workers = worker_count(options, count);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  std::vector<LayerSummary> summaries(count);
  for (std::size_t i = 0; i < count; ++i) {
    summaries[i].descriptor = image.layer(i).descriptor();
    summaries[i].diff_id = image.layer(i).diff_id();
  }
  pair_history(image.config(), summaries);
  ImageScan scan = assemble_scan(std::move(scans), std::move(summaries));
  scan.ref = image.ref();
  scan.digest = image.digest();
  scan.config = image.config();
  scan.platform = image.config().platform;
  scan.verified = options.verify;
  return scan;
}

}  // namespace imgslim::analyzers
