// OCI image layout: oci-layout + index.json + blobs/<alg>/<hex>, from a
// directory (oci:) or an archive (oci-archive:).
#include "oci/model/documents.h"
#include "oci/archive/image_selection.h"
#include "oci/model/json_fields.h"
#include "oci/model/limits.h"
#include "oci/archive/sources.h"
#include "oci/archive/stored_image.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

void check_layout_version(const FileSet& files, const std::string& ref) {
  if (!files.contains("oci-layout")) throw Error(ref, "not an OCI image layout (no oci-layout file)");
  const std::string name = ref + ": oci-layout";
  const auto doc = json::parse_object(files.read_small("oci-layout", limits::max_json_bytes()), name);
  const std::string version = json::get_string(doc, "imageLayoutVersion", name);
  if (version.rfind("1.", 0) != 0)
    throw Error(name, "unsupported imageLayoutVersion \"" + version + "\" (1.x is supported)");
}

}  // namespace

ImagePtr open_oci_layout(FileSetPtr files, const std::string& ref, const std::string& tag,
                         const OpenOptions& options) {
  check_layout_version(*files, ref);
  if (!files->contains("index.json")) throw Error(ref, "OCI layout without index.json");
  const Index index = parse_index(files->read_small("index.json", limits::max_json_bytes()), ref + ": index.json");
  const Platform wanted = options.platform.empty() ? Platform::host() : Platform::parse(options.platform);
  const auto load = [&](const Descriptor& d) { return read_json_blob(*files, d, options.verify, ref); };

  SelectedManifest selected =
      select_manifest(entries_for_tag(index, tag, ref), wanted, !options.platform.empty(), load, ref);
  const std::string manifest_name = ref + ": manifest " + selected.descriptor.digest.str();
  Manifest manifest = parse_manifest(selected.text, manifest_name);
  std::string raw_config = read_json_blob(*files, manifest.config, options.verify, ref);
  ImageConfig config = parse_config(raw_config, ref + ": config " + manifest.config.digest.str());
  check_layers_match_config(manifest, config, ref);
  // An index entry without a platform: the config says which one the only image is.
  if (options.platform.empty() && selected.notes.empty() && !config.platform.empty() &&
      !config.platform.satisfies(Platform::host()))
    selected.notes.push_back("only platform " + config.platform.str() + " present");

  std::vector<std::unique_ptr<Layer>> layers;
  for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
    const Descriptor& d = manifest.layers[i];
    const std::string path = blob_path(d.digest);
    if (!files->contains(path)) {
      if (!d.urls.empty())
        throw Error(ref + ": layer " + d.digest.str(),
                    "non-distributable layer is not in the layout (it lives at " + d.urls.front() + ")");
      throw Error(ref + ": layer " + d.digest.str(), "blob missing from " + files->name());
    }
    layers.push_back(std::make_unique<StoredLayer>(d, config.diff_ids[i], files, path));
  }
  auto image = std::make_unique<StoredImage>(ref, selected.descriptor.digest, std::move(manifest), std::move(config),
                                             std::move(raw_config), std::move(layers));
  for (auto& note : selected.notes) image->add_note(std::move(note));
  return image;
}

}  // namespace imgslim::oci
