// oci/engine/ — images in a container engine (Docker Engine, Podman): the endpoint, the API client,
// the image export, and Docker's overlay2 store read in place (docker_store.h, tar_split.h,
// store_layer_stream.h, store_streaming.h).
// May include: oci/image.h, oci/byte_stream.h, oci/client/, oci/layers/, oci/model/, support/.
//
// Images in a container engine (Docker Engine, Podman's Docker-compatible
// service): resolved and described by GET /images/{name}/json and
// /images/{name}/history; read from Docker's own store when this process can
// (OpenOptions::engine_read: the exact layer tars, rebuilt and checked
// against their diff_ids), else by streaming GET /images/get in one pass
// (see Image::stream_layers and oci/engine/export.h).
#pragma once
#include <string>

#include "oci/engine/endpoint.h"
#include "oci/image.h"

namespace imgslim::oci {

// `ref` as the user wrote it (errors name it); `name` the engine's image
// name (NAME[:TAG|@DIGEST] or an image ID). Throws imgslim::Error: engine
// unreachable (which address, why), image not found, platform mismatch.
ImagePtr open_engine_image(const std::string& ref, const std::string& name, EngineKind kind,
                           const OpenOptions& options);

// Same, at an explicit endpoint (tests, --daemon with a resolved address).
ImagePtr open_engine_image_at(const std::string& ref, const std::string& name, const EngineEndpoint& endpoint,
                              const OpenOptions& options);

}  // namespace imgslim::oci
