#include "oci/registry/registry_image.h"

#include <memory>

#include "oci/model/documents.h"
#include "oci/model/limits.h"
#include "oci/model/media_types.h"
#include "oci/model/platform_choice.h"
#include "oci/registry/blob_stream.h"
#include "oci/registry/client.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

const std::vector<std::string> kManifestAccept = {
    "Accept: " + std::string(media::kOciIndex) + ", " + std::string(media::kOciManifest) + ", " +
    std::string(media::kDockerManifestList) + ", " + std::string(media::kDockerManifest) +
    ", application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.1"};

class RegistryLayer final : public Layer {
 public:
  RegistryLayer(RegistryClient& client, Descriptor desc, Digest diff_id)
      : client_(client), desc_(std::move(desc)), diff_id_(std::move(diff_id)) {}
  const Descriptor& descriptor() const override { return desc_; }
  const Digest& diff_id() const override { return diff_id_; }
  ByteStreamPtr open_blob() const override { return std::make_unique<RegistryBlobStream>(client_, desc_.digest); }

 private:
  RegistryClient& client_;
  Descriptor desc_;
  Digest diff_id_;
};

class RegistryImage final : public Image {
 public:
  RegistryImage(std::string ref, const std::string& location, const OpenOptions& options) : ref_(std::move(ref)) {
    RegistryReference where = parse_registry_reference(location, ref_);
    client_ = std::make_unique<RegistryClient>(where, options.tls_verify, options.creds);
    std::string reference = where.reference();
    std::string body = fetch_manifest(reference, where.digest);
    std::string name = where.str();
    for (int depth = 0; document_kind(body, name) == DocumentKind::Index; ++depth) {
      if (depth >= limits::kMaxIndexDepth) throw Error(name, "image indexes nested too deeply");
      Index index = parse_index(body, name);
      Descriptor chosen = choose_index_entry(index, options.platform, name);
      name = where.registry + "/" + where.repository + "@" + chosen.digest.str();
      body = fetch_manifest(chosen.digest.str(), chosen.digest.str());
    }
    manifest_ = parse_manifest(body, name);
    raw_config_ = fetch_config(manifest_.config);
    config_ = parse_config(raw_config_, name + " config " + manifest_.config.digest.str());
    if (config_.diff_ids.size() != manifest_.layers.size())
      throw Error(name, "the manifest lists " + std::to_string(manifest_.layers.size()) + " layers, the config " +
                            std::to_string(config_.diff_ids.size()) + " diff_ids");
    if (!options.platform.empty() && !config_.platform.satisfies(Platform::parse(options.platform)))
      throw Error(name, "the image is " + config_.platform.str() + ", not " + options.platform);
    for (std::size_t i = 0; i < manifest_.layers.size(); ++i) {
      bool known = true;
      media::LayerCompression c;
      known = media::layer_compression(manifest_.layers[i].media_type, c);
      if (!known)
        throw Error(name, "layer " + std::to_string(i + 1) + " has media type \"" + manifest_.layers[i].media_type +
                              "\", which is not an image layer");
      layers_.push_back(std::make_unique<RegistryLayer>(*client_, manifest_.layers[i], config_.diff_ids[i]));
    }
  }

  const std::string& ref() const override { return ref_; }
  const Digest& digest() const override { return digest_; }
  const Manifest& manifest() const override { return manifest_; }
  const ImageConfig& config() const override { return config_; }
  const std::string& raw_config() const override { return raw_config_; }
  std::size_t layer_count() const override { return layers_.size(); }
  const Layer& layer(std::size_t i) const override { return *layers_.at(i); }

 private:
  // The manifest or index at `reference`; sets digest_. `pinned`: the digest it must have.
  std::string fetch_manifest(const std::string& reference, const std::string& pinned) {
    const auto& r = client_->ref();
    std::string what = r.registry + "/" + r.repository + (pinned.empty() ? ":" : "@") + reference;
    HttpStreamPtr res;
    try {
      res = client_->get("manifests/" + reference, kManifestAccept);
    } catch (const HttpTransferError& e) {
      throw Error(what, "cannot fetch the manifest: " + e.problem());
    }
    if (res->status() == 404) {
      std::string body = res->read_all(limits::max_json_bytes());
      throw Error(what, std::string(pinned.empty() ? "no such tag" : "no such manifest") + " in the registry (" +
                            RegistryClient::describe_error(404, body) + ")");
    }
    if (res->status() != 200) client_->fail(what, *res);
    std::string body = res->read_all(limits::max_json_bytes());
    Digest actual = sha256_of(body);
    if (!pinned.empty() && Digest::parse(pinned, what) != actual)
      throw Error(what, "the registry sent a manifest whose digest is " + actual.str());
    std::string header = res->header("docker-content-digest");
    if (pinned.empty() && !header.empty() && header.rfind("sha256:", 0) == 0 && Digest::parse(header, what) != actual)
      throw Error(what, "the manifest does not match its Docker-Content-Digest " + header);
    digest_ = actual;
    return body;
  }

  std::string fetch_config(const Descriptor& desc) {
    if (desc.size > static_cast<std::int64_t>(limits::max_json_bytes()))
      throw Error(ref_, "the config blob is larger than " + std::to_string(limits::max_json_bytes()) + " bytes");
    RegistryBlobStream blob(*client_, desc.digest);
    std::string out;
    char buf[65536];
    while (std::size_t n = blob.read(buf, sizeof buf)) {
      out.append(buf, n);
      if (out.size() > limits::max_json_bytes()) throw Error(ref_, "the config blob is too large");
    }
    if (sha256_of(out) != desc.digest)
      throw Error(client_->ref().registry + "/" + client_->ref().repository + "@" + desc.digest.str(),
                  "config blob digest mismatch");
    return out;
  }

  Descriptor choose_index_entry(const Index& index, const std::string& platform, const std::string& name) {
    Platform wanted = platform.empty() ? Platform::host() : Platform::parse(platform);
    std::string available;
    std::vector<const Descriptor*> entries;
    std::vector<Platform> offered;
    for (const auto& m : index.manifests) {
      if (!m.platform) continue;
      if (!media::is_manifest(m.media_type) && !media::is_index(m.media_type)) continue;
      if (m.platform->os == "unknown") continue;  // attestation manifests
      entries.push_back(&m);
      offered.push_back(*m.platform);
      available += (available.empty() ? "" : ", ") + m.platform->str();
    }
    const PlatformChoice choice = choose_platform(offered, wanted, !platform.empty());
    if (!choice.note.empty()) add_note(choice.note);
    if (choice.index) return *entries[*choice.index];
    throw Error(name, "no " + wanted.str() + " image in this index (it has " +
                          (available.empty() ? std::string("no platforms") : available) + "); choose one with --platform");
  }

  std::string ref_;
  std::unique_ptr<RegistryClient> client_;
  Digest digest_;
  Manifest manifest_;
  ImageConfig config_;
  std::string raw_config_;
  std::vector<std::unique_ptr<RegistryLayer>> layers_;
};

}  // namespace

ImagePtr open_registry_image(const std::string& ref, const std::string& location, const OpenOptions& options) {
  return std::make_unique<RegistryImage>(ref, location, options);
}

}  // namespace imgslim::oci
