#include "oci/layers/compression.h"

#include "support/error.h"

namespace imgslim::oci {

LayerCompression detect_compression(const unsigned char* h, std::size_t n, const std::string& name) {
  if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b) return LayerCompression::Gzip;
  if (n >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd) return LayerCompression::Zstd;
  // A zstd stream may begin with a skippable frame (zstd:chunked).
  if (n >= 4 && (h[0] & 0xf0) == 0x50 && h[1] == 0x2a && h[2] == 0x4d && h[3] == 0x18) return LayerCompression::Zstd;
  if (n >= 6 && h[0] == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z' && h[5] == 0)
    throw Error(name, "xz-compressed layer: OCI layers are tar, gzip or zstd");
  if (n >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h')
    throw Error(name, "bzip2-compressed layer: OCI layers are tar, gzip or zstd");
  return LayerCompression::None;
}

const char* compression_name(LayerCompression c) {
  switch (c) {
    case LayerCompression::Gzip: return "gzip";
    case LayerCompression::Zstd: return "zstd";
    case LayerCompression::None: break;
  }
  return "none";
}

}  // namespace imgslim::oci
