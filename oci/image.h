// The one Image/Layer interface every source implements (OCI layout,
// oci-archive, docker-archive, Docker Engine, registry), after
// go-containerregistry's v1.Image / v1.Layer.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "oci/byte_stream.h"
#include "oci/descriptor.h"

namespace imgslim::oci {

class Layer {
 public:
  virtual ~Layer() = default;
  // Descriptor of the blob as stored (compressed digest/size/media type).
  virtual const Descriptor& descriptor() const = 0;
  // Uncompressed digest from the config's rootfs.diff_ids.
  virtual const Digest& diff_id() const = 0;
  // The raw blob bytes, as stored (possibly compressed), unverified.
  virtual ByteStreamPtr open_blob() const = 0;
};

class Image {
 public:
  virtual ~Image() = default;
  virtual const std::string& ref() const = 0;     // as the user named it
  virtual const Digest& digest() const = 0;        // manifest digest (or config digest when none)
  virtual const Manifest& manifest() const = 0;
  virtual const ImageConfig& config() const = 0;
  virtual const std::string& raw_config() const = 0;
  virtual std::size_t layer_count() const = 0;
  virtual const Layer& layer(std::size_t i) const = 0;
};

using ImagePtr = std::unique_ptr<Image>;

struct OpenOptions {
  std::string platform;        // "os/arch[/variant]"; empty: the host's
  bool verify = true;          // check blob digests and diff_ids
  bool tls_verify = true;      // registries
  std::string creds;           // "user:pass" for registries; never printed
  std::string daemon;          // "docker" or "podman"
};

// Opens any reference form: oci:DIR[:TAG], oci-archive:FILE[:TAG],
// docker-archive:FILE[:NAME:TAG], docker-daemon:NAME[:TAG], podman:NAME[:TAG],
// docker://HOST/REPO[:TAG|@DIGEST], a bare path (detected by content) or a
// bare NAME[:TAG] (the Docker engine). Throws imgslim::Error.
ImagePtr open_image(const std::string& ref, const OpenOptions& options = {});

}  // namespace imgslim::oci
