#include "oci/model/media_types.h"

namespace imgslim::oci::media {

bool is_index(std::string_view t) { return t == kOciIndex || t == kDockerManifestList; }

bool is_manifest(std::string_view t) { return t == kOciManifest || t == kDockerManifest; }

bool is_config(std::string_view t) { return t == kOciConfig || t == kDockerConfig; }

bool layer_compression(std::string_view t, LayerCompression& out) {
  if (t == kOciLayerTar || t == kOciLayerNondistTar || t == kDockerLayerTar) {
    out = LayerCompression::None;
    return true;
  }
  if (t == kOciLayerGzip || t == kOciLayerNondistGzip || t == kDockerLayerGzip || t == kDockerForeignLayerGzip) {
    out = LayerCompression::Gzip;
    return true;
  }
  if (t == kOciLayerZstd || t == kOciLayerNondistZstd) {
    out = LayerCompression::Zstd;
    return true;
  }
  return false;
}

}  // namespace imgslim::oci::media
