#include "oci/model/documents.h"

#include "oci/model/json_fields.h"
#include "oci/model/media_types.h"
#include "support/error.h"

namespace imgslim::oci {

using json::get_int;
using json::get_string;
using json::get_string_map;
using json::get_strings;

namespace {

const std::string kSchema1Problem =
    "Docker schema 1 manifests are obsolete and not readable; re-push the image with a current Docker or skopeo";

void check_schema_version(const json::json& doc, const std::string& name) {
  const auto version = get_int(doc, "schemaVersion", name, -1);
  if (version == 1) throw Error(name, kSchema1Problem);
  if (version != 2) throw Error(name, "schemaVersion must be 2, found " + std::to_string(version));
}

Platform parse_platform(const json::json& obj, const std::string& name) {
  Platform p;
  p.os = get_string(obj, "os", name);
  p.architecture = get_string(obj, "architecture", name);
  p.variant = get_string(obj, "variant", name);
  p.os_version = get_string(obj, "os.version", name);
  return p;
}

Descriptor parse_descriptor(const json::json& obj, const std::string& name) {
  if (!obj.is_object()) throw Error(name, std::string("a descriptor must be an object, not ") + obj.type_name());
  Descriptor d;
  d.media_type = get_string(obj, "mediaType", name);
  const std::string digest = get_string(obj, "digest", name);
  if (digest.empty()) throw Error(name, "descriptor without a digest");
  d.digest = Digest::parse(digest, name + " descriptor digest");
  d.size = get_int(obj, "size", name, -1);
  if (d.size < 0) throw Error(name, "descriptor " + digest + " has no valid size");
  if (const auto* p = json::get_object(obj, "platform", name)) d.platform = parse_platform(*p, name);
  d.annotations = get_string_map(obj, "annotations", name);
  d.urls = get_strings(obj, "urls", name);
  return d;
}

std::vector<Descriptor> parse_descriptors(const json::json& doc, const char* key, const std::string& name) {
  std::vector<Descriptor> out;
  if (const auto* arr = json::get_array(doc, key, name))
    for (const auto& item : *arr) out.push_back(parse_descriptor(item, name));
  return out;
}

std::int64_t duration_ns(const json::json& obj, const char* key, const std::string& name) {
  const auto v = get_int(obj, key, name);
  if (v < 0) throw Error(name, std::string("field \"") + key + "\" must not be negative");
  return v;
}

}  // namespace

DocumentKind document_kind(std::string_view text, const std::string& name) {
  const auto doc = json::parse_object(text, name);
  const std::string media_type = get_string(doc, "mediaType", name);
  if (media::is_manifest(media_type)) return DocumentKind::Manifest;
  if (media::is_index(media_type)) return DocumentKind::Index;
  if (get_int(doc, "schemaVersion", name, -1) == 1 ||
      media_type.rfind("application/vnd.docker.distribution.manifest.v1", 0) == 0)
    throw Error(name, kSchema1Problem);
  if (!media_type.empty()) throw Error(name, "unsupported media type \"" + media_type + "\" (not an image manifest or index)");
  if (doc.contains("manifests")) return DocumentKind::Index;
  if (doc.contains("layers") || doc.contains("config")) return DocumentKind::Manifest;
  throw Error(name, "neither an image manifest nor an image index");
}

Manifest parse_manifest(std::string_view text, const std::string& name) {
  const auto doc = json::parse_object(text, name);
  Manifest m;
  m.media_type = get_string(doc, "mediaType", name);
  if (m.media_type.empty()) m.media_type = std::string(media::kOciManifest);
  if (media::is_index(m.media_type)) throw Error(name, "expected an image manifest, found an image index");
  if (!media::is_manifest(m.media_type)) {
    if (m.media_type.find("manifest.v1") != std::string::npos) throw Error(name, kSchema1Problem);
    throw Error(name, "unsupported manifest media type \"" + m.media_type + "\"");
  }
  check_schema_version(doc, name);
  const auto* config = json::get_object(doc, "config", name);
  if (!config) throw Error(name, "manifest has no config descriptor");
  m.config = parse_descriptor(*config, name);
  if (!m.config.media_type.empty() && !media::is_config(m.config.media_type))
    throw Error(name, "not a container image: config media type \"" + m.config.media_type + "\"");
  m.layers = parse_descriptors(doc, "layers", name);
  for (const auto& layer : m.layers) {
    media::LayerCompression c;
    if (!media::layer_compression(layer.media_type, c))
      throw Error(name, "layer " + layer.digest.str() + " has an unsupported media type \"" + layer.media_type + "\"");
  }
  m.annotations = get_string_map(doc, "annotations", name);
  return m;
}

Index parse_index(std::string_view text, const std::string& name) {
  const auto doc = json::parse_object(text, name);
  Index index;
  index.media_type = get_string(doc, "mediaType", name);
  if (index.media_type.empty()) index.media_type = std::string(media::kOciIndex);
  if (media::is_manifest(index.media_type)) throw Error(name, "expected an image index, found an image manifest");
  if (!media::is_index(index.media_type))
    throw Error(name, "unsupported index media type \"" + index.media_type + "\"");
  check_schema_version(doc, name);
  index.manifests = parse_descriptors(doc, "manifests", name);
  index.annotations = get_string_map(doc, "annotations", name);
  return index;
}

ImageConfig parse_config(std::string_view text, const std::string& name) {
  const auto doc = json::parse_object(text, name);
  ImageConfig c;
  c.platform = parse_platform(doc, name);
  c.created = get_string(doc, "created", name);

  const auto* rootfs = json::get_object(doc, "rootfs", name);
  if (!rootfs) throw Error(name, "image config has no rootfs");
  const std::string rootfs_type = get_string(*rootfs, "type", name);
  if (rootfs_type != "layers") throw Error(name, "rootfs.type must be \"layers\", found \"" + rootfs_type + "\"");
  (void)json::get_array(*rootfs, "diff_ids", name);  // an array, not a single string
  for (const auto& d : get_strings(*rootfs, "diff_ids", name)) c.diff_ids.push_back(Digest::parse(d, name + " diff_id"));

  if (const auto* history = json::get_array(doc, "history", name)) {
    for (const auto& item : *history) {
      if (!item.is_object()) throw Error(name, "history entries must be objects");
      HistoryEntry h;
      h.created = get_string(item, "created", name);
      h.created_by = get_string(item, "created_by", name);
      h.comment = get_string(item, "comment", name);
      h.author = get_string(item, "author", name);
      h.empty_layer = json::get_bool(item, "empty_layer", name);
      c.history.push_back(std::move(h));
    }
  }

  if (const auto* cfg = json::get_object(doc, "config", name)) {
    c.user = get_string(*cfg, "User", name);
    c.entrypoint = get_strings(*cfg, "Entrypoint", name);
    c.cmd = get_strings(*cfg, "Cmd", name);
    c.env = get_strings(*cfg, "Env", name);
    c.working_dir = get_string(*cfg, "WorkingDir", name);
    c.stop_signal = get_string(*cfg, "StopSignal", name);
    c.exposed_ports = json::get_keys(*cfg, "ExposedPorts", name);
    c.labels = get_string_map(*cfg, "Labels", name);
    if (const auto* hc = json::get_object(*cfg, "Healthcheck", name)) {
      Healthcheck h;
      h.test = get_strings(*hc, "Test", name);
      h.interval_ns = duration_ns(*hc, "Interval", name);
      h.timeout_ns = duration_ns(*hc, "Timeout", name);
      h.start_period_ns = duration_ns(*hc, "StartPeriod", name);
      h.retries = int(get_int(*hc, "Retries", name));
      c.healthcheck = std::move(h);
    }
  }
  return c;
}

}  // namespace imgslim::oci
