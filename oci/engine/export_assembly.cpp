// Assembles the image of an engine export from the documents collected while
// the stream passed (see oci/engine/export.h).
#include <nlohmann/json.hpp>

#include "oci/engine/engine_json.h"
#include "oci/engine/export.h"
#include "oci/model/documents.h"
#include "oci/model/media_types.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {


// The OCI shape's image manifest for `config_digest`, via index.json.
bool find_oci_manifest(const ExportContents& contents, const std::string& name, const Digest& config_digest,
                       Manifest& manifest, Digest& manifest_digest) {
  auto idx = contents.documents.find("index.json");
  if (idx == contents.documents.end()) return false;
  Index index = parse_index(idx->second, name + " index.json");
  for (const auto& m : index.manifests) {
    if (!media::is_manifest(m.media_type)) continue;
    std::string path = contents.resolve("blobs/" + m.digest.algorithm + "/" + m.digest.hex, name);
    auto blob = contents.documents.find(path);
    if (blob == contents.documents.end()) continue;
    if (sha256_of(blob->second) != m.digest) throw Error(name + " member " + path, "manifest digest mismatch");
    Manifest candidate = parse_manifest(blob->second, name + " manifest " + m.digest.str());
    if (candidate.config.digest != config_digest) continue;
    manifest = std::move(candidate);
    manifest_digest = m.digest;
    return true;
  }
  return false;
}

}  // namespace

ExportedImage assemble_export(const ExportContents& contents, const std::string& name, const std::string& wanted_tag,
                              bool verify) {
  auto mj = contents.documents.find("manifest.json");
  if (mj == contents.documents.end()) throw Error(name, "the export has no manifest.json");
  auto doc = nlohmann::json::parse(mj->second, nullptr, false);
  if (!doc.is_array() || doc.empty() || !doc[0].is_object())
    throw Error(name, "manifest.json is not a non-empty array of objects");
  const nlohmann::json* entry = &doc[0];
  for (const auto& e : doc)
    for (const auto& tag : engine_strings(e, "RepoTags"))
      if (tag == wanted_tag) entry = &e;

  ExportedImage out;
  std::string config_path = contents.resolve(engine_string(*entry, "Config"), name);
  auto cfg = contents.documents.find(config_path);
  if (cfg == contents.documents.end()) throw Error(name, "the config " + config_path + " is missing from the export");
  out.raw_config = cfg->second;
  Digest config_digest = sha256_of(out.raw_config);
  std::string config_name = name + " config " + config_digest.str();
  out.config = parse_config(out.raw_config, config_name);
  auto paths = engine_strings(*entry, "Layers");
  if (paths.size() != out.config.diff_ids.size())
    throw Error(config_name, std::to_string(out.config.diff_ids.size()) + " diff_ids for " +
                                 std::to_string(paths.size()) + " layers in manifest.json");

  // As a docker-archive: the image is named by its config digest (the
  // engine's image ID with the classic store) and its layers by the bytes
  // as exported, whatever manifest the OCI shape also carries.
  out.manifest.media_type = std::string(media::kDockerManifest);
  out.manifest.config.media_type = std::string(media::kDockerConfig);
  out.manifest.config.digest = config_digest;
  out.manifest.config.size = static_cast<std::int64_t>(out.raw_config.size());
  out.digest = config_digest;
  if (contents.documents.count("index.json")) {
    Manifest oci;
    Digest manifest_digest;
    if (find_oci_manifest(contents, name, config_digest, oci, manifest_digest))
      out.manifest.annotations["org.opencontainers.image.manifest.digest"] = manifest_digest.str();
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string member = contents.resolve(paths[i], name);
    auto it = contents.layers.find(member);
    if (it == contents.layers.end()) throw Error(name, "layer " + paths[i] + " is missing from the export");
    const ExportedLayer& l = it->second;
    if (verify && l.compression == "none" && l.digest != out.config.diff_ids[i])
      throw Error(name + " member " + member, "layer content hashes to " + l.digest.str() +
                                                 ", not the config's diff_id " + out.config.diff_ids[i].str());
    Descriptor d;
    d.media_type = std::string(l.compression == "gzip"   ? media::kDockerLayerGzip
                               : l.compression == "zstd" ? media::kOciLayerZstd
                                                         : media::kDockerLayerTar);
    d.digest = l.digest;
    d.size = static_cast<std::int64_t>(l.size);
    out.manifest.layers.push_back(d);
    out.arrival_of.push_back(l.arrival);
    out.members.push_back(member);
  }
  return out;
}

}  // namespace imgslim::oci
