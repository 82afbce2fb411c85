#include "oci/engine/podman_store.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "oci/engine/engine_json.h"
#include "oci/engine/store_files.h"
#include "oci/model/limits.h"

namespace imgslim::oci {

namespace {

// What layers.json (and volatile-layers.json, when present) says of each layer.
struct StoredLayer {
  std::string parent;
  std::string diff_digest;
  std::uint64_t diff_size = 0;
};

bool plain_id(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void read_layer_list(const std::string& path, bool required, std::map<std::string, StoredLayer>& out) {
  if (!required && ::access(path.c_str(), F_OK) != 0) return;
  auto doc = nlohmann::json::parse(read_store_file(path, limits::max_json_bytes()), nullptr, false);
  if (!doc.is_array()) throw StoreUnavailable(path, "is not a list of layers");
  for (const auto& l : doc) {
    if (!l.is_object()) continue;
    StoredLayer s;
    s.parent = engine_string(l, "parent");
    s.diff_digest = engine_string(l, "diff-digest");
    if (l.contains("diff-size") && l["diff-size"].is_number_unsigned()) s.diff_size = l["diff-size"].get<std::uint64_t>();
    out[engine_string(l, "id")] = std::move(s);
  }
}

}  // namespace

std::string big_data_file_name(const std::string& key) {
  bool plain = !key.empty();
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      plain = false;
  if (plain) return key;
  std::string out(4 * ((key.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(key.data()), int(key.size()));
  out.resize(std::size_t(n));
  return "=" + out;
}

DockerStoreImage read_podman_store(const std::string& root, const std::string& driver, const Digest& image_id,
                                   const std::vector<Digest>& diff_ids) {
  if (driver != "overlay")
    throw StoreUnavailable("Podman", "its storage driver is " + (driver.empty() ? std::string("unknown") : driver) +
                                         "; imgslim reads overlay stores directly");
  if (root.empty() || root.front() != '/') throw StoreUnavailable("Podman", "it names no graph root");
  if (image_id.algorithm != "sha256" || !plain_id(image_id.hex))
    throw StoreUnavailable(image_id.str(), "is not a sha256 image ID");
  const std::string images_path = root + "/overlay-images/images.json";
  auto images = nlohmann::json::parse(read_store_file(images_path, limits::max_json_bytes()), nullptr, false);
  if (!images.is_array()) throw StoreUnavailable(images_path, "is not a list of images");
  std::string top;
  bool found = false;
  for (const auto& img : images)
    if (img.is_object() && engine_string(img, "id") == image_id.hex) {
      top = engine_string(img, "layer");
      found = true;
    }
  if (!found) throw StoreUnavailable(images_path, "does not list the image " + image_id.str());

  DockerStoreImage out;
  out.root = root;
  const std::string config_path = root + "/overlay-images/" + image_id.hex + "/" + big_data_file_name(image_id.str());
  out.raw_config = read_store_file(config_path, limits::max_json_bytes());
  if (sha256_of(out.raw_config) != image_id) throw StoreUnavailable(config_path, "does not hash to the image ID");

  std::map<std::string, StoredLayer> layers;
  read_layer_list(root + "/overlay-layers/layers.json", true, layers);
  read_layer_list(root + "/overlay-layers/volatile-layers.json", false, layers);
  // The chain from the top layer down, then bottom first.
  std::vector<std::string> chain;
  for (std::string id = top; !id.empty();) {
    if (chain.size() > diff_ids.size()) break;
    auto it = layers.find(id);
    if (it == layers.end()) throw StoreUnavailable(root + "/overlay-layers/layers.json", "does not list the layer " + id);
    chain.push_back(id);
    id = it->second.parent;
  }
  if (chain.size() != diff_ids.size())
    throw StoreUnavailable(images_path, "the image's layer chain does not have the config's " +
                                            std::to_string(diff_ids.size()) + " layers");
  std::reverse(chain.begin(), chain.end());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string& id = chain[i];
    const StoredLayer& l = layers.at(id);
    if (!plain_id(id)) throw StoreUnavailable(id, "is not a plain layer ID");
    if (l.diff_digest != diff_ids[i].str())
      throw StoreUnavailable("layer " + id, "does not name the layer's diff_id " + diff_ids[i].str());
    StoreLayerFiles f;
    f.diff_id = diff_ids[i];
    f.tar_split = root + "/overlay-layers/" + id + ".tar-split.gz";
    if (::access(f.tar_split.c_str(), R_OK) != 0)
      throw StoreUnavailable(f.tar_split, std::string("cannot be read: ") + std::strerror(errno));
    f.diff_dir = root + "/overlay/" + id + "/diff";
    if (::access(f.diff_dir.c_str(), R_OK | X_OK) != 0)
      throw StoreUnavailable(f.diff_dir, std::string("cannot be read: ") + std::strerror(errno));
    f.disk_bytes = l.diff_size;
    out.layers.push_back(std::move(f));
  }
  return out;
}

}  // namespace imgslim::oci
