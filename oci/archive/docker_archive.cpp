// docker save / podman save / kaniko tarballs: manifest.json lists, per
// image, the config file, the layer files and the RepoTags. Layer files are
// legacy "<id>/layer.tar" (uncompressed), Docker 25+'s "blobs/sha256/<hex>",
// podman's "<diffid>.tar" or go-containerregistry/kaniko's "<digest>.tar.gz".
#include "oci/layers/compression.h"
#include "oci/model/documents.h"
#include "oci/model/image_name.h"
#include "oci/model/json_fields.h"
#include "oci/model/limits.h"
#include "oci/model/media_types.h"
#include "oci/archive/sources.h"
#include "oci/archive/stored_image.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

struct ArchiveEntry {
  std::string config;
  std::vector<std::string> repo_tags;
  std::vector<std::string> layers;
};

std::vector<ArchiveEntry> read_manifest_json(const FileSet& files, const std::string& ref) {
  const std::string name = ref + ": manifest.json";
  const auto doc = json::parse_value(files.read_small("manifest.json", limits::max_json_bytes()), name);
  if (!doc.is_array()) throw Error(name, std::string("expected a JSON array, found ") + doc.type_name());
  std::vector<ArchiveEntry> out;
  for (const auto& item : doc) {
    if (!item.is_object()) throw Error(name, "entries must be objects");
    ArchiveEntry e;
    e.config = json::get_string(item, "Config", name);
    if (e.config.empty()) throw Error(name, "an entry has no Config");
    e.repo_tags = json::get_strings(item, "RepoTags", name);
    e.layers = json::get_strings(item, "Layers", name);
    out.push_back(std::move(e));
  }
  if (out.empty()) throw Error(name, "the archive holds no images");
  return out;
}

// Old archives name untagged images only in "repositories":
// {"name": {"tag": "<top layer id>"}}.
void add_names_from_repositories(const FileSet& files, std::vector<ArchiveEntry>& entries, const std::string& ref) {
  if (!files.contains("repositories")) return;
  const std::string name = ref + ": repositories";
  const auto doc = json::parse_object(files.read_small("repositories", limits::max_json_bytes()), name);
  for (auto repo = doc.begin(); repo != doc.end(); ++repo) {
    for (const auto& [tag, id] : json::get_string_map(doc, repo.key().c_str(), name)) {
      for (auto& e : entries) {
        if (!e.repo_tags.empty() || e.layers.empty()) continue;
        if (e.layers.back() == id + "/layer.tar") e.repo_tags.push_back(repo.key() + ":" + tag);
      }
    }
  }
}

std::string describe(const ArchiveEntry& e, std::size_t i) {
  std::string s;
  for (const auto& t : e.repo_tags) s += (s.empty() ? "" : " ") + t;
  return s.empty() ? "@" + std::to_string(i) : s;
}

const ArchiveEntry& choose(const std::vector<ArchiveEntry>& entries, const std::string& name_tag,
                           const std::string& ref) {
  std::string available;
  for (std::size_t i = 0; i < entries.size(); ++i) available += (i ? ", " : "") + describe(entries[i], i);
  if (name_tag.empty()) {
    if (entries.size() == 1) return entries[0];
    throw Error(ref, "the archive holds several images (" + available + "); name one with :NAME:TAG or :@N");
  }
  if (name_tag[0] == '@') {
    std::size_t n = 0;
    const std::string digits = name_tag.substr(1);
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw Error(ref, "\"" + name_tag + "\" is not an image number (@0, @1, ...)");
    n = std::stoul(digits);
    if (n >= entries.size())
      throw Error(ref, "no image " + name_tag + " (the archive holds " + std::to_string(entries.size()) + ")");
    return entries[n];
  }
  const std::string wanted = normalize_image_name(name_tag);
  for (const auto& e : entries)
    for (const auto& t : e.repo_tags)
      if (normalize_image_name(t) == wanted) return e;
  throw Error(ref, "no image named \"" + name_tag + "\" (available: " + available + ")");
}

// The digest a file name spells: blobs/<alg>/<hex>, or <hex>[.tar|.tar.gz|...].
std::optional<Digest> digest_from_path(const std::string& path) {
  if (path.rfind("blobs/", 0) == 0) {
    const auto slash = path.find('/', 6);
    if (slash != std::string::npos) {
      try {
        return Digest::parse(path.substr(6, slash - 6) + ":" + path.substr(slash + 1));
      } catch (const Error&) {
        return std::nullopt;
      }
    }
  }
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (base.rfind("sha256:", 0) == 0) base = base.substr(7);
  const auto dot = base.find('.');
  if (dot != 64 && !(dot == std::string::npos && base.size() == 64)) return std::nullopt;
  try {
    return Digest::parse("sha256:" + base.substr(0, 64));
  } catch (const Error&) {
    return std::nullopt;
  }
}

Digest hash_file(const FileSet& files, const std::string& path) {
  auto stream = files.open(path);
  std::vector<unsigned char> buf(limits::kReadBufferBytes);
  Hasher h;
  while (std::size_t n = stream->read(buf.data(), buf.size())) h.update(buf.data(), n);
  return h.finish();
}

LayerCompression peek_compression(const FileSet& files, const std::string& path, const std::string& name) {
  auto stream = files.open(path);
  unsigned char head[8];
  std::size_t n = 0;
  while (n < sizeof head) {
    const std::size_t r = stream->read(head + n, sizeof head - n);
    if (r == 0) break;
    n += r;
  }
  return detect_compression(head, n, name);
}

}  // namespace

ImagePtr open_docker_archive(FileSetPtr files, const std::string& ref, const std::string& name_tag,
                             const OpenOptions& options) {
  if (!files->contains("manifest.json")) {
    if (files->contains("repositories"))
      throw Error(ref, "docker archive without manifest.json (written by Docker before 1.10); re-save it with a "
                       "current docker save");
    throw Error(ref, "not a docker archive (no manifest.json)");
  }
  auto entries = read_manifest_json(*files, ref);
  add_names_from_repositories(*files, entries, ref);
  const ArchiveEntry& entry = choose(entries, name_tag, ref);

  if (!files->contains(entry.config)) throw Error(ref, "config " + entry.config + " is missing from the archive");
  std::string raw_config = files->read_small(entry.config, limits::max_json_bytes());
  const Digest config_digest = sha256_of(raw_config);
  if (auto named = digest_from_path(entry.config); named && options.verify && *named != config_digest)
    throw Error(ref + ": config " + entry.config, "digest mismatch: content hashes to " + config_digest.str());
  ImageConfig config = parse_config(raw_config, ref + ": config " + entry.config);

  Manifest manifest;
  manifest.media_type = std::string(media::kDockerManifest);
  manifest.config.media_type = std::string(media::kDockerConfig);
  manifest.config.digest = config_digest;
  manifest.config.size = std::int64_t(raw_config.size());
  if (entry.layers.size() != config.diff_ids.size())
    throw Error(ref, "manifest.json lists " + std::to_string(entry.layers.size()) + " layers but the config has " +
                         std::to_string(config.diff_ids.size()) + " diff_ids");

  std::vector<std::unique_ptr<Layer>> layers;
  for (std::size_t i = 0; i < entry.layers.size(); ++i) {
    const std::string& path = entry.layers[i];
    const std::string name = ref + ": layer " + path;
    const auto size = files->size_of(path);
    if (!size) throw Error(name, "missing from the archive");
    Descriptor d;
    d.size = std::int64_t(*size);
    const LayerCompression c = peek_compression(*files, path, name);
    d.media_type = std::string(c == LayerCompression::Gzip   ? media::kDockerLayerGzip
                               : c == LayerCompression::Zstd ? media::kOciLayerZstd
                                                             : media::kDockerLayerTar);
    if (auto named = digest_from_path(path)) d.digest = *named;
    else if (c == LayerCompression::None) d.digest = config.diff_ids[i];
    else d.digest = hash_file(*files, path);
    manifest.layers.push_back(d);
    layers.push_back(std::make_unique<StoredLayer>(std::move(d), config.diff_ids[i], files, path));
  }
  return std::make_unique<StoredImage>(ref, config_digest, std::move(manifest), std::move(config),
                                       std::move(raw_config), std::move(layers));
}

}  // namespace imgslim::oci
