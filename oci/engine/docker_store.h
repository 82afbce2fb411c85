// Docker Engine's own image store, found from its /info (DockerRootDir,
// Driver) and read in place, read only: the image config from
// image/<driver>/imagedb/content/sha256/<ID>, each layer by its chain ID
// from image/<driver>/layerdb/sha256/<chain>/ (diff, cache-id,
// tar-split.json.gz, size), its files from <driver>/<cache-id>/diff.
// The overlay2 graph driver is read (Podman's containers-storage:
// podman_store.h); other drivers, the containerd image store and stores this
// process may not read are unavailable, with why.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "oci/model/digest.h"
#include "support/error.h"

namespace imgslim::oci {

struct StoreUnavailable : Error {
  using Error::Error;
};

struct StoreLayerFiles {
  Digest diff_id;
  std::string tar_split;      // .../layerdb/sha256/<chain>/tar-split.json.gz
  std::string diff_dir;       // .../overlay2/<cache-id>/diff
  std::uint64_t disk_bytes = 0;  // the layer's `size` (its files), to read big layers first
};

struct DockerStoreImage {
  std::string root;        // DockerRootDir
  std::string raw_config;  // hashes to the image ID
  std::vector<StoreLayerFiles> layers;
};

// The chain IDs of a layer stack: the first diff_id, then
// sha256("<chain below> <diff_id>").
std::vector<Digest> chain_ids(const std::vector<Digest>& diff_ids);

// Throws StoreUnavailable naming what is missing or unreadable and why.
DockerStoreImage read_docker_store(const std::string& root, const std::string& driver, const Digest& image_id,
                                   const std::vector<Digest>& diff_ids);

}  // namespace imgslim::oci
