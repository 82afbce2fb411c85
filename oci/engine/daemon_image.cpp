#include "oci/engine/daemon_image.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>

#include "oci/engine/docker_store.h"
#include "oci/engine/podman_store.h"
#include "oci/engine/engine_json.h"
#include "oci/engine/export.h"
#include "oci/engine/store_layer_stream.h"
#include "oci/engine/store_streaming.h"
#include "oci/model/documents.h"
#include "oci/engine/client.h"
#include "oci/model/media_types.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {


std::string rfc3339(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The engine's name as it prints it: "backend" -> "backend:latest".
std::string display_name(const std::string& name) {
  if (name.find('@') != std::string::npos || name.rfind("sha256:", 0) == 0) return name;
  auto slash = name.rfind('/');
  auto colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) return name;
  return name + ":latest";
}

// Builds the runtime part of the config from `docker image inspect` JSON.
ImageConfig config_from_inspect(const nlohmann::json& doc) {
  ImageConfig c;
  c.platform.os = engine_string(doc, "Os");
  c.platform.architecture = engine_string(doc, "Architecture");
  c.platform.variant = engine_string(doc, "Variant");
  c.created = engine_string(doc, "Created");
  if (auto it = doc.find("RootFS"); it != doc.end() && it->is_object())
    for (const auto& l : engine_strings(*it, "Layers")) c.diff_ids.push_back(Digest::parse(l, "engine RootFS layer"));
  auto cfg = doc.find("Config");
  if (cfg == doc.end() || !cfg->is_object()) return c;
  c.user = engine_string(*cfg, "User");
  c.env = engine_strings(*cfg, "Env");
  c.cmd = engine_strings(*cfg, "Cmd");
  c.entrypoint = engine_strings(*cfg, "Entrypoint");
  c.working_dir = engine_string(*cfg, "WorkingDir");
  c.stop_signal = engine_string(*cfg, "StopSignal");
  if (auto p = cfg->find("ExposedPorts"); p != cfg->end() && p->is_object())
    for (auto it = p->begin(); it != p->end(); ++it) c.exposed_ports.push_back(it.key());
  if (auto l = cfg->find("Labels"); l != cfg->end() && l->is_object())
    for (auto it = l->begin(); it != l->end(); ++it)
      if (it->is_string()) c.labels[it.key()] = it->get<std::string>();
  if (auto h = cfg->find("Healthcheck"); h != cfg->end() && h->is_object()) {
    Healthcheck hc;
    hc.test = engine_strings(*h, "Test");
    hc.interval_ns = h->value("Interval", std::int64_t{0});
    hc.timeout_ns = h->value("Timeout", std::int64_t{0});
    hc.start_period_ns = h->value("StartPeriod", std::int64_t{0});
    hc.retries = h->value("Retries", 0);
    c.healthcheck = hc;
  }
  return c;
}

// /images/{name}/history lists steps newest first with each layer's size.
// The config's empty_layer flags are not in it: steps with bytes carry a
// layer; the remaining layers go to the newest size-0 steps that are not
// metadata-only instructions.
std::vector<HistoryEntry> history_from_engine(const nlohmann::json& doc, std::size_t layer_count) {
  std::vector<HistoryEntry> out;
  std::vector<std::int64_t> sizes;
  if (!doc.is_array()) return out;
  for (auto it = doc.rbegin(); it != doc.rend(); ++it) {
    if (!it->is_object()) continue;
    HistoryEntry h;
    h.created = rfc3339(it->value("Created", std::int64_t{0}));
    h.created_by = engine_string(*it, "CreatedBy");
    h.comment = engine_string(*it, "Comment");
    sizes.push_back(it->value("Size", std::int64_t{0}));
    out.push_back(h);
  }
  std::size_t with_bytes = 0;
  for (auto s : sizes) with_bytes += s > 0;
  std::size_t zero_layers = layer_count > with_bytes ? layer_count - with_bytes : 0;
  auto metadata_only = [](const std::string& by) {
    if (by.find("#(nop)") != std::string::npos) return true;
    for (const char* k : {"ENV ", "LABEL ", "CMD ", "ENTRYPOINT ", "EXPOSE ", "USER ", "ARG ", "STOPSIGNAL ",
                          "HEALTHCHECK ", "SHELL ", "VOLUME ", "ONBUILD ", "MAINTAINER "})
      if (by.rfind(k, 0) == 0) return true;
    return false;
  };
  for (std::size_t i = out.size(); i-- > 0;) {
    if (sizes[i] > 0) continue;
    if (zero_layers > 0 && !metadata_only(out[i].created_by)) {
      --zero_layers;
      continue;
    }
    out[i].empty_layer = true;
  }
  return out;
}

class EngineImage;

class EngineLayer final : public Layer {
 public:
  EngineLayer(const EngineImage& image, std::size_t index, Descriptor desc, Digest diff_id)
      : image_(image), index_(index), desc_(std::move(desc)), diff_id_(std::move(diff_id)) {}
  const Descriptor& descriptor() const override { return desc_; }
  const Digest& diff_id() const override { return diff_id_; }
  ByteStreamPtr open_blob() const override;
  void refine(Descriptor desc, Digest diff_id) {
    desc_ = std::move(desc);
    diff_id_ = std::move(diff_id);
  }

 private:
  const EngineImage& image_;
  std::size_t index_;
  Descriptor desc_;
  Digest diff_id_;
};

class EngineImage final : public Image {
 public:
  EngineImage(std::string ref, std::string name, const EngineEndpoint& endpoint, const OpenOptions& options)
      : ref_(std::move(ref)), name_(std::move(name)), display_(display_name(name_)), client_(endpoint),
        options_(options) {
    long status = 0;
    std::string path = "/images/" + name_ + "/json";
    std::string body = client_.get_text(path, status);
    if (status == 404)
      throw Error("", "image " + display_ + " not found in the " + where());
    if (status != 200)
      throw Error(ref_, where() + " answered HTTP " + std::to_string(status) + ": " +
                            EngineClient::error_message(body));
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_object()) throw Error(ref_, where() + " sent an unreadable image description");
    config_ = config_from_inspect(doc);
    std::string id = engine_string(doc, "Id");
    if (!id.empty()) digest_ = Digest::parse(id, ref_ + " image ID");
    if (!options_.platform.empty()) {
      Platform wanted = Platform::parse(options_.platform);
      if (!config_.platform.satisfies(wanted))
        throw Error(ref_, "the image in the " + where() + " is " + config_.platform.str() + ", not " + wanted.str());
    }
    std::string hist = client_.get_text("/images/" + name_ + "/history", status);
    if (status == 200) config_.history = history_from_engine(nlohmann::json::parse(hist, nullptr, false), config_.diff_ids.size());
    manifest_.media_type = std::string(media::kDockerManifest);
    manifest_.config.media_type = std::string(media::kDockerConfig);
    manifest_.config.digest = digest_;
    for (std::size_t i = 0; i < config_.diff_ids.size(); ++i) {
      Descriptor d;
      d.media_type = std::string(media::kDockerLayerTar);
      d.digest = config_.diff_ids[i];
      manifest_.layers.push_back(d);
      layers_.push_back(std::make_unique<EngineLayer>(*this, i, d, config_.diff_ids[i]));
    }
    if (options_.engine_read != "export") open_store();
  }

  const std::string& ref() const override { return ref_; }
  const Digest& digest() const override { return digest_; }
  const Manifest& manifest() const override { return manifest_; }
  const ImageConfig& config() const override { return config_; }
  const std::string& raw_config() const override { return raw_config_; }
  std::size_t layer_count() const override { return layers_.size(); }
  const Layer& layer(std::size_t i) const override { return *layers_.at(i); }

  std::vector<std::size_t> stream_layers(const LayerArrivalVisitor& visit, const StreamOptions& options) const override {
    std::lock_guard lock(mutex_);
    if (store_) return stream_from_store(visit, options);
    if (!final_ && options.skip.size() == layers_.size() &&
        std::all_of(options.skip.begin(), options.skip.end(), [](bool b) { return b; })) {
      // Every layer is known already: no export at all.
      std::vector<std::size_t> identity(layers_.size());
      for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = i;
      return identity;
    }
    note_export(store_why_);
    auto contents = read_export(*open_export(), export_name(), options.verify, visit);
    finalize(contents, options.verify);
    return arrival_of_;
  }

  ByteStreamPtr open_layer_blob(std::size_t index) const {
    if (store_) {
      const auto& l = store_->layers.at(index);
      return open_store_layer(l.tar_split, l.diff_dir, l.diff_id, l.diff_id.str());
    }
    std::string member;
    {
      std::lock_guard lock(mutex_);
      if (!final_) {
        auto contents = read_export(*open_export(), export_name(), options_.verify, [](LayerArrival&) {});
        finalize(contents, options_.verify);
      }
      member = member_of_layer_.at(index);
    }
    return open_export_member(open_export(), export_name(), member);
  }

 private:
  std::string where() const {
    return client_.endpoint().engine_name() + " at " + client_.endpoint().address;
  }
  std::string export_name() const { return "export of " + display_ + " from the " + where(); }

  // The engine's store, when this process can read it (see docker_store.h);
  // else store_why_ says why not.
  void open_store() {
    try {
      const bool podman = client_.endpoint().kind == EngineKind::Podman;
      if (client_.endpoint().transport.unix_socket.empty())
        throw StoreUnavailable(where(), "is not on this machine (DOCKER_HOST names a remote engine)");
      long status = 0;
      auto info = nlohmann::json::parse(client_.get_text("/info", status), nullptr, false);
      if (status != 200 || !info.is_object()) throw StoreUnavailable(where(), "answered no /info");
      for (const auto& pair : info.value("DriverStatus", nlohmann::json::array()))
        if (pair.is_array() && pair.size() == 2 && pair[0] == "driver-type" && pair[1].is_string() &&
            pair[1].get<std::string>().find("containerd") != std::string::npos)
          throw StoreUnavailable(where(), "keeps images in containerd's image store");
      // IMGSLIM_DOCKER_ROOT / IMGSLIM_PODMAN_ROOT: the engine's data root as
      // this machine sees it (mounted elsewhere). Podman's /info names its
      // containers-storage graph root as DockerRootDir.
      const char* mounted = std::getenv(podman ? "IMGSLIM_PODMAN_ROOT" : "IMGSLIM_DOCKER_ROOT");
      const std::string root = mounted && mounted[0] ? mounted : engine_string(info, "DockerRootDir");
      const std::string driver = engine_string(info, "Driver");
      DockerStoreImage store = podman ? read_podman_store(root, driver, digest_, config_.diff_ids)
                                      : read_docker_store(root, driver, digest_, config_.diff_ids);
      ImageConfig config = parse_config(store.raw_config, ref_ + " config " + digest_.str());
      if (config.diff_ids != config_.diff_ids) throw StoreUnavailable(ref_, "the stored config names other layers");
      config_ = std::move(config);
      raw_config_ = store.raw_config;
      manifest_.config.size = std::int64_t(raw_config_.size());
      store_ = std::move(store);
    } catch (const StoreUnavailable& e) {
      if (options_.engine_read == "store") throw Error(ref_, std::string("cannot read the engine's store: ") + e.what());
      store_why_ = e.what();
    }
  }

  void note_export(const std::string& why) const {
    if (options_.note && !why.empty() && !noted_)
      options_.note(ref_ + ": reading the engine's export (as slow as docker save): " + why +
                    "; imgslim reads the store directly when it runs as root beside a local overlay2 dockerd or an overlay Podman");
    noted_ = true;
  }

  // Each layer rebuilt from the store; layers it does not reproduce are read
  // from the export, whose arrivals are numbered after the store's.
  std::vector<std::size_t> stream_from_store(const LayerArrivalVisitor& visit, const StreamOptions& options) const {
    StoreStreaming done = stream_store_layers(*store_, visit, options);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      Descriptor d = layers_[i]->descriptor();
      if (done.tar_bytes[i] >= 0) d.size = done.tar_bytes[i];
      layers_[i]->refine(d, layers_[i]->diff_id());
      manifest_.layers[i] = d;
    }
    if (done.failures.empty()) return done.arrival_of;
    if (options_.engine_read == "store") throw Error(ref_, "the engine's store does not give back " + done.failures[0]);
    note_export(done.failures[0]);
    const std::size_t offset = layers_.size();
    auto contents = read_export(*open_export(), export_name(), options.verify, [&](LayerArrival& a) {
      LayerArrival shifted{a.arrival + offset, a.name, a.blob};
      visit(shifted);
    });
    ExportedImage img = assemble_export(contents, export_name(), display_, options.verify);
    if (img.config.diff_ids != config_.diff_ids)
      throw Error(export_name(), "the exported image is not the one the engine described (" + digest_.str() + ")");
    std::vector<std::size_t> arrival_of = done.arrival_of;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      if (done.tar_bytes[i] >= 0) continue;
      arrival_of[i] = img.arrival_of[i] + offset;
      layers_[i]->refine(img.manifest.layers[i], img.config.diff_ids[i]);
      manifest_.layers[i] = img.manifest.layers[i];
    }
    return arrival_of;
  }

  HttpStreamPtr open_export() const {
    auto res = client_.get("/images/get?names=" + url_encode(name_));
    if (res->status() != 200) {
      std::string body = res->read_all(1 << 16);
      throw Error(ref_, where() + " refused the export (HTTP " + std::to_string(res->status()) +
                            "): " + EngineClient::error_message(body));
    }
    return res;
  }

  // Replaces the inspect-derived metadata by the exported documents.
  void finalize(const ExportContents& contents, bool verify) const {
    ExportedImage img = assemble_export(contents, export_name(), display_, verify);
    if (verify && !config_.diff_ids.empty() && img.config.diff_ids != config_.diff_ids)
      throw Error(export_name(), "the exported image is not the one the engine described (" + digest_.str() + ")");
    for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->refine(img.manifest.layers[i], img.config.diff_ids[i]);
    manifest_ = std::move(img.manifest);
    config_ = std::move(img.config);
    raw_config_ = std::move(img.raw_config);
    digest_ = img.digest;
    arrival_of_ = std::move(img.arrival_of);
    member_of_layer_ = std::move(img.members);
    final_ = true;
  }

  std::string ref_, name_, display_;
  EngineClient client_;
  OpenOptions options_;
  mutable std::recursive_mutex mutex_;
  mutable Digest digest_;
  mutable Manifest manifest_;
  mutable ImageConfig config_;
  mutable std::string raw_config_;
  std::vector<std::unique_ptr<EngineLayer>> layers_;
  mutable std::vector<std::size_t> arrival_of_;
  mutable std::vector<std::string> member_of_layer_;
  mutable bool final_ = false;
  std::optional<DockerStoreImage> store_;
  std::string store_why_;
  mutable bool noted_ = false;
};

ByteStreamPtr EngineLayer::open_blob() const { return image_.open_layer_blob(index_); }

}  // namespace

ImagePtr open_engine_image_at(const std::string& ref, const std::string& name, const EngineEndpoint& endpoint,
                              const OpenOptions& options) {
  return std::make_unique<EngineImage>(ref, name, endpoint, options);
}

ImagePtr open_engine_image(const std::string& ref, const std::string& name, EngineKind kind,
                           const OpenOptions& options) {
  return open_engine_image_at(ref, name, resolve_engine_endpoint(kind), options);
}

}  // namespace imgslim::oci
