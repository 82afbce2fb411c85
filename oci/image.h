// oci/ — the image model and its sources, after go-containerregistry's pkg/v1: this interface (and
// byte_stream.h) at the top; model/ (documents, digests, references, platforms, limits), layers/
// (reading a layer blob: compression, digest checks, tar entries, streaming), archive/ (OCI layout,
// oci-archive, docker-archive), engine/ (Docker Engine and Podman), registry/ (the distribution API),
// client/ (HTTP and the Docker client config shared by engine and registry), open/ (one reference to
// the right source).
// May include: oci/model/, support/.
//
// The one Image/Layer interface every source implements (OCI layout,
// oci-archive, docker-archive, Docker Engine, registry), after
// go-containerregistry's v1.Image / v1.Layer.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "oci/byte_stream.h"
#include "oci/model/descriptor.h"

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

// One layer blob as Image::stream_layers delivers it.
struct LayerArrival {
  std::size_t arrival = 0;  // 0, 1, 2... in the order the source delivers blobs
  std::string name;         // names the blob in errors (e.g. "sha256:ab12..." or an export path)
  ByteStream* blob = nullptr;  // the raw bytes as stored (gzip, zstd or plain tar)
};

// Called once per distinct layer blob. With StreamOptions::parallel > 1 it
// may run on several threads at once (each arrival on one thread).
using LayerArrivalVisitor = std::function<void(LayerArrival& arrival)>;

struct StreamOptions {
  unsigned parallel = 1;  // blobs in flight at once (registry downloads, file sources)
  bool verify = true;     // check each blob's digest (and size) as its bytes pass
  // Per layer index: true when the caller has that layer already (a cached
  // scan). A blob only skipped layers carry is not delivered (not downloaded,
  // not exported); stream_layers still maps every layer to an arrival.
  std::vector<bool> skip;
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

  // Reads every distinct layer blob exactly once and hands it to `visit`.
  // This is the way to read all layers: it works for every source, including
  // the engine, whose export is one tar stream read front to back (layers in
  // export order, manifest.json last, no temp file).
  //
  // Returns, for each layer index i (0..layer_count()-1), the arrival number
  // that carried layer i's bytes; two layers with identical blobs share one
  // arrival. Because an engine export names its layers only at its end, the
  // visitor must key its results by arrival and order them with the returned
  // vector afterwards.
  //
  // Bytes the visitor leaves unread are drained (and verified). A digest or
  // size mismatch throws imgslim::Error naming the blob, after the visitor
  // returned. After this returns, manifest(), config(), raw_config(),
  // digest() and the layer descriptors are final for every source (the
  // engine source may refine them from the export; before, they come from
  // the engine's inspect API and carry the same diff_ids).
  //
  // Layers StreamOptions::skip marks are not delivered, unless a layer
  // still wanted shares their blob.
  //
  // The default implementation opens layer(i).open_blob() in index order
  // (`parallel` at a time); file and registry sources keep random access.
  virtual std::vector<std::size_t> stream_layers(const LayerArrivalVisitor& visit,
                                                 const StreamOptions& options = {}) const;

  // What the source chose on the user's behalf, one line each, for a
  // "note:" on stderr (e.g. "only platform linux/arm64 present").
  const std::vector<std::string>& notes() const { return notes_; }
  void add_note(std::string note) { notes_.push_back(std::move(note)); }

 private:
  std::vector<std::string> notes_;
};

using ImagePtr = std::unique_ptr<Image>;

struct OpenOptions {
  std::string platform;        // "os/arch[/variant]"; empty: the host's
  bool verify = true;          // check blob digests and diff_ids
  bool tls_verify = true;      // registries
  std::string creds;           // "user:pass" for registries; never printed
  std::string daemon;          // "docker" or "podman"
  // Docker Engine images: "store" reads the engine's storage in place (root,
  // local engine, overlay2; an error when it cannot), "export" its export
  // API, "auto" the store when it can, else the export with one note.
  std::string engine_read = "auto";
  std::function<void(const std::string& note)> note;  // notes ("reading the export because ..."); none: dropped
};

// Opens any reference form: oci:DIR[:TAG], oci-archive:FILE[:TAG],
// docker-archive:FILE[:NAME:TAG], docker-daemon:NAME[:TAG], podman:NAME[:TAG],
// docker://HOST/REPO[:TAG|@DIGEST], a bare path (detected by content) or a
// bare NAME[:TAG] (the Docker engine). Throws imgslim::Error.
ImagePtr open_image(const std::string& ref, const OpenOptions& options = {});

}  // namespace imgslim::oci
