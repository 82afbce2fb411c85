#include "oci/archive/stored_image.h"

#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci {

std::string blob_path(const Digest& digest) { return "blobs/" + digest.algorithm + "/" + digest.hex; }

std::string read_json_blob(const FileSet& files, const Descriptor& descriptor, bool verify, const std::string& ref) {
  const std::string path = blob_path(descriptor.digest);
  const std::string where = ref + ": blob " + descriptor.digest.str();
  const auto size = files.size_of(path);
  if (!size) throw Error(where, "missing from " + files.name());
  if (descriptor.size >= 0 && *size != std::uint64_t(descriptor.size) && verify)
    throw Error(where, "size is " + std::to_string(*size) + " bytes, the descriptor says " +
                           std::to_string(descriptor.size));
  if (*size > limits::max_json_bytes())
    throw Error(where, std::to_string(*size) + " bytes exceeds the JSON limit of " +
                           std::to_string(limits::max_json_bytes()) + " bytes (IMGSLIM_MAX_JSON_BYTES)");
  std::string text = files.read_small(path, limits::max_json_bytes());
  if (verify) {
    Hasher h(descriptor.digest.algorithm);
    h.update(text.data(), text.size());
    const Digest actual = h.finish();
    if (actual != descriptor.digest) throw Error(where, "digest mismatch: content hashes to " + actual.str());
  }
  return text;
}

void check_layers_match_config(const Manifest& manifest, const ImageConfig& config, const std::string& ref) {
  if (manifest.layers.size() != config.diff_ids.size())
    throw Error(ref, "the manifest lists " + std::to_string(manifest.layers.size()) + " layers but the config has " +
                         std::to_string(config.diff_ids.size()) + " diff_ids");
}

}  // namespace imgslim::oci
