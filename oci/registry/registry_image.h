// oci/registry/ — images in a registry: the distribution API client, blob streams, auth challenges,
// credentials, registry references.
// May include: oci/image.h, oci/byte_stream.h, oci/client/, oci/model/, support/.
//
// Images read straight from a registry (docker://HOST/REPO[:TAG|@DIGEST]):
// the manifest (an index is resolved to --platform, else the host's), the
// config blob (verified), and layer blobs streamed on demand, verified by
// Image::stream_layers, fetched `parallel` at a time and resumed with a
// Range request when a connection drops.
#pragma once
#include <string>

#include "oci/image.h"

namespace imgslim::oci {

// `ref` as the user wrote it; `location` the part after "docker://".
ImagePtr open_registry_image(const std::string& ref, const std::string& location, const OpenOptions& options);

}  // namespace imgslim::oci
