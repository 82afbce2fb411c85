// Image::stream_layers over an engine's store (docker_store.h): each layer's
// tar rebuilt in place (store_layer_stream.h), `parallel` layers at once,
// biggest first, layers the caller skips left unread. A layer the store
// does not reproduce is reported back, not thrown, so the caller can read
// it through the export instead.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "oci/engine/docker_store.h"
#include "oci/image.h"

namespace imgslim::oci {

struct StoreStreaming {
  std::vector<std::size_t> arrival_of;   // layer index -> arrival (the first layer index with its diff_id)
  std::vector<std::int64_t> tar_bytes;   // layer index -> bytes delivered; -1: not delivered
  std::vector<std::string> failures;     // "layer N (sha256:...): why", layer order
};

StoreStreaming stream_store_layers(const DockerStoreImage& store, const LayerArrivalVisitor& visit,
                                   const StreamOptions& options);

}  // namespace imgslim::oci
