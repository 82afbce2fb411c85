// The Image/Layer implementation of every source whose blobs are files of a
// FileSet (OCI layout directory, oci-archive, docker-archive): the decoded
// manifest and config are held in memory, layer blobs are opened on demand.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "oci/archive/file_set.h"
#include "oci/image.h"

namespace imgslim::oci {

class StoredLayer final : public Layer {
 public:
  StoredLayer(Descriptor descriptor, Digest diff_id, FileSetPtr files, std::string path)
      : descriptor_(std::move(descriptor)), diff_id_(std::move(diff_id)), files_(std::move(files)),
        path_(std::move(path)) {}
  const Descriptor& descriptor() const override { return descriptor_; }
  const Digest& diff_id() const override { return diff_id_; }
  ByteStreamPtr open_blob() const override { return files_->open(path_); }

 private:
  Descriptor descriptor_;
  Digest diff_id_;
  FileSetPtr files_;
  std::string path_;
};

class StoredImage final : public Image {
 public:
  StoredImage(std::string ref, Digest digest, Manifest manifest, ImageConfig config, std::string raw_config,
              std::vector<std::unique_ptr<Layer>> layers)
      : ref_(std::move(ref)), digest_(std::move(digest)), manifest_(std::move(manifest)), config_(std::move(config)),
        raw_config_(std::move(raw_config)), layers_(std::move(layers)) {}
  const std::string& ref() const override { return ref_; }
  const Digest& digest() const override { return digest_; }
  const Manifest& manifest() const override { return manifest_; }
  const ImageConfig& config() const override { return config_; }
  const std::string& raw_config() const override { return raw_config_; }
  std::size_t layer_count() const override { return layers_.size(); }
  const Layer& layer(std::size_t i) const override { return *layers_.at(i); }

 private:
  std::string ref_;
  Digest digest_;
  Manifest manifest_;
  ImageConfig config_;
  std::string raw_config_;
  std::vector<std::unique_ptr<Layer>> layers_;
};

// Reads a JSON blob `blobs/<alg>/<hex>` of `files`; when `verify`, checks its
// size and digest against the descriptor. Errors name `ref` and the blob.
std::string read_json_blob(const FileSet& files, const Descriptor& descriptor, bool verify, const std::string& ref);

// Path of a blob inside an OCI layout: "blobs/sha256/<hex>".
std::string blob_path(const Digest& digest);

// Checks that the config's diff_ids pair up with the manifest's layers.
void check_layers_match_config(const Manifest& manifest, const ImageConfig& config, const std::string& ref);

}  // namespace imgslim::oci
