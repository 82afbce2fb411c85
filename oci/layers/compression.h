// Layer compression as the bytes say it (magic numbers), and the check of
// that against what the media type promises.
#pragma once
#include <cstddef>
#include <string>

#include "oci/model/media_types.h"

namespace imgslim::oci {

using media::LayerCompression;

// From the first bytes of a blob (at least 6 when the blob has them).
// Throws imgslim::Error naming `name` for compressions layers may not use
// (xz, bzip2).
LayerCompression detect_compression(const unsigned char* head, std::size_t n, const std::string& name);

const char* compression_name(LayerCompression c);  // "gzip", "zstd", "none"

}  // namespace imgslim::oci
