#include "oci/engine/docker_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "oci/engine/store_files.h"
#include "oci/model/limits.h"

namespace imgslim::oci {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool plain_name(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

std::vector<Digest> chain_ids(const std::vector<Digest>& diff_ids) {
  std::vector<Digest> out;
  for (const auto& d : diff_ids) out.push_back(out.empty() ? d : sha256_of(out.back().str() + " " + d.str()));
  return out;
}

DockerStoreImage read_docker_store(const std::string& root, const std::string& driver, const Digest& image_id,
                                   const std::vector<Digest>& diff_ids) {
  if (driver != "overlay2")
    throw StoreUnavailable("Docker engine", "its storage driver is " + (driver.empty() ? std::string("unknown") : driver) +
                                                "; imgslim reads overlay2 stores directly");
  if (root.empty() || root.front() != '/') throw StoreUnavailable("Docker engine", "it names no data root");
  if (image_id.algorithm != "sha256") throw StoreUnavailable(image_id.str(), "is not a sha256 image ID");
  DockerStoreImage out;
  out.root = root;
  const std::string base = root + "/image/" + driver;
  const std::string config_path = base + "/imagedb/content/sha256/" + image_id.hex;
  out.raw_config = read_store_file(config_path, limits::max_json_bytes());
  if (sha256_of(out.raw_config) != image_id) throw StoreUnavailable(config_path, "does not hash to the image ID");
  const auto chains = chain_ids(diff_ids);
  for (std::size_t i = 0; i < diff_ids.size(); ++i) {
    if (chains[i].algorithm != "sha256") throw StoreUnavailable(chains[i].str(), "is not a sha256 layer");
    const std::string dir = base + "/layerdb/sha256/" + chains[i].hex;
    if (trimmed(read_store_file(dir + "/diff", 256)) != diff_ids[i].str())
      throw StoreUnavailable(dir + "/diff", "does not name the layer's diff_id " + diff_ids[i].str());
    const std::string cache_id = trimmed(read_store_file(dir + "/cache-id", 256));
    if (!plain_name(cache_id)) throw StoreUnavailable(dir + "/cache-id", "is not a plain folder name");
    StoreLayerFiles l;
    l.diff_id = diff_ids[i];
    l.tar_split = dir + "/tar-split.json.gz";
    if (::access(l.tar_split.c_str(), R_OK) != 0)
      throw StoreUnavailable(l.tar_split, std::string("cannot be read: ") + std::strerror(errno));
    l.diff_dir = root + "/" + driver + "/" + cache_id + "/diff";
    if (::access(l.diff_dir.c_str(), R_OK | X_OK) != 0)
      throw StoreUnavailable(l.diff_dir, std::string("cannot be read: ") + std::strerror(errno));
    try {
      l.disk_bytes = std::stoull(trimmed(read_store_file(dir + "/size", 64)));
    } catch (const std::logic_error&) {
      l.disk_bytes = 0;  // only an ordering hint
    }
    out.layers.push_back(std::move(l));
  }
  return out;
}

}  // namespace imgslim::oci
