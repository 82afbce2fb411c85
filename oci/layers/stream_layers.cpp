// The default Image::stream_layers: random-access sources open each distinct
// blob (in index order, `parallel` at a time) and hand it to the visitor.
#include <algorithm>
#include <exception>
#include <map>
#include <mutex>

#include "oci/layers/digest_checking_stream.h"
#include "oci/image.h"
#include "support/parallel.h"

namespace imgslim::oci {

std::vector<std::size_t> Image::stream_layers(const LayerArrivalVisitor& visit, const StreamOptions& options) const {
  std::size_t count = layer_count();
  std::vector<std::size_t> arrival_of(count);
  std::vector<std::size_t> first_layer;  // arrival -> a layer index carrying it
  std::vector<bool> wanted;              // arrival -> some layer carried by it is not skipped
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < count; ++i) {
    const bool skipped = i < options.skip.size() && options.skip[i];
    const Digest& d = layer(i).descriptor().digest;
    auto it = d.empty() ? seen.end() : seen.find(d.str());
    if (it != seen.end()) {
      arrival_of[i] = it->second;
      if (!skipped) wanted[it->second] = true;
      continue;
    }
    arrival_of[i] = first_layer.size();
    if (!d.empty()) seen.emplace(d.str(), first_layer.size());
    first_layer.push_back(i);
    wanted.push_back(!skipped);
  }

  auto deliver = [&](std::size_t a) {
    const Layer& l = layer(first_layer[a]);
    const Descriptor& desc = l.descriptor();
    std::string name = desc.digest.empty() ? ref() + " layer " + std::to_string(first_layer[a] + 1) : desc.digest.str();
    auto blob = l.open_blob();
    DigestCheckingStream checked(*blob, desc.digest, desc.size, name, options.verify);
    LayerArrival arrival{a, name, &checked};
    visit(arrival);
    checked.finish();
  };

  std::vector<std::size_t> order;
  for (std::size_t a = 0; a < first_layer.size(); ++a)
    if (wanted[a]) order.push_back(a);
  if (options.parallel <= 1 || order.size() <= 1) {
    for (std::size_t a : order) deliver(a);
    return arrival_of;
  }
  // Largest blobs first: with fewer workers than layers, the last worker to
  // finish then holds a small layer, not the biggest (longest-first scheduling).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return layer(first_layer[x]).descriptor().size > layer(first_layer[y]).descriptor().size;
  });
  // The earliest layer's error is reported, as a sequential read would.
  std::mutex error_mutex;
  std::exception_ptr error;
  std::size_t error_arrival = SIZE_MAX;
  try {
    parallel_for(order.size(), options.parallel, [&](std::size_t k) {
      try {
        deliver(order[k]);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (order[k] < error_arrival) {
          error_arrival = order[k];
          error = std::current_exception();
        }
        throw;  // stops the other workers
      }
    });
  } catch (...) {
    std::rethrow_exception(error);
  }
  return arrival_of;
}

}  // namespace imgslim::oci
