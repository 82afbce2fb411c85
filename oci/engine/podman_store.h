// Podman's image store (containers-storage, overlay driver), read in place
// and read only: the image's entry in overlay-images/images.json names its
// top layer; overlay-layers/layers.json chains each layer to its parent and
// names its diff digest; the config is the image's big-data item named by the
// image ID (overlay-images/<id>/=<base64 of "sha256:<id>">); each layer's
// tar-split is overlay-layers/<layer id>.tar-split.gz and its files
// overlay/<layer id>/diff. The same rebuild as Docker's store follows.
#pragma once
#include <string>
#include <vector>

#include "oci/engine/docker_store.h"

namespace imgslim::oci {

// `root` is the store's graph root (Podman's /info DockerRootDir), `driver`
// its graph driver ("overlay"). Throws StoreUnavailable naming what is
// missing, unreadable or inconsistent, and why.
DockerStoreImage read_podman_store(const std::string& root, const std::string& driver, const Digest& image_id,
                                   const std::vector<Digest>& diff_ids);

// containers-storage's file name of a big-data item: the key itself when it
// is a plain name, else "=" and the key in standard base64.
std::string big_data_file_name(const std::string& key);

}  // namespace imgslim::oci
