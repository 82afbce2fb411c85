#include "oci/engine/store_streaming.h"

#include <algorithm>
#include <mutex>

#include "oci/engine/store_layer_stream.h"
#include "support/parallel.h"

namespace imgslim::oci {

namespace {

class CountingStream final : public ByteStream {
 public:
  explicit CountingStream(ByteStream& inner) : inner_(inner) {}
  std::size_t read(void* buf, std::size_t n) override {
    const std::size_t r = inner_.read(buf, n);
    bytes += r;
    return r;
  }
  std::uint64_t bytes = 0;

 private:
  ByteStream& inner_;
};

}  // namespace

StoreStreaming stream_store_layers(const DockerStoreImage& store, const LayerArrivalVisitor& visit,
                                   const StreamOptions& options) {
  const std::size_t count = store.layers.size();
  StoreStreaming out;
  out.arrival_of.resize(count);
  out.tar_bytes.assign(count, -1);
  std::vector<bool> wanted(count, false);
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t first = i;
    for (std::size_t k = 0; k < i; ++k)
      if (store.layers[k].diff_id == store.layers[i].diff_id) {
        first = k;
        break;
      }
    out.arrival_of[i] = first;
    if (i >= options.skip.size() || !options.skip[i]) wanted[first] = true;
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < count; ++i)
    if (wanted[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return store.layers[a].disk_bytes > store.layers[b].disk_bytes;
  });

  std::mutex mutex;
  std::vector<std::string> failed(count);
  parallel_for(order.size(), std::max(1u, options.parallel), [&](std::size_t k) {
    const std::size_t i = order[k];
    const StoreLayerFiles& l = store.layers[i];
    const std::string name = l.diff_id.str();
    try {
      auto blob = open_store_layer(l.tar_split, l.diff_dir, l.diff_id, name);
      CountingStream counted(*blob);
      LayerArrival arrival{i, name, &counted};
      visit(arrival);
      std::lock_guard lock(mutex);
      out.tar_bytes[i] = std::int64_t(counted.bytes);
    } catch (const Error& e) {
      std::lock_guard lock(mutex);
      failed[i] = "layer " + std::to_string(i + 1) + " (" + name + "): " + e.what();
    }
  });
  for (std::size_t i = 0; i < count; ++i) {
    if (!failed[i].empty()) out.failures.push_back(failed[i]);
    if (out.tar_bytes[out.arrival_of[i]] >= 0) out.tar_bytes[i] = out.tar_bytes[out.arrival_of[i]];
  }
  return out;
}

}  // namespace imgslim::oci
