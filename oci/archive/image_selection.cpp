#include "oci/archive/image_selection.h"

#include "oci/model/documents.h"
#include "oci/model/limits.h"
#include "oci/model/media_types.h"
#include "oci/model/platform_choice.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

std::string annotation(const Descriptor& d, const std::string& key) {
  auto it = d.annotations.find(key);
  return it == d.annotations.end() ? std::string() : it->second;
}

// BuildKit's provenance/SBOM attestations sit in indexes beside the images.
bool is_attestation(const Descriptor& d) {
  if (annotation(d, "vnd.docker.reference.type") == "attestation-manifest") return true;
  return d.platform && d.platform->os == "unknown" && d.platform->architecture == "unknown";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

SelectedManifest select_at(const std::vector<Descriptor>& all, const Platform& wanted, bool named,
                           const DocumentLoader& load, const std::string& ref, int depth) {
  if (depth > limits::kMaxIndexDepth)
    throw Error(ref, "image indexes nested deeper than " + std::to_string(limits::kMaxIndexDepth) + " levels");
  std::vector<Descriptor> candidates;
  for (const auto& d : all) {
    if (is_attestation(d)) continue;
    bool seen = false;  // one image under several tags is one candidate
    for (const auto& c : candidates) seen = seen || (c.digest == d.digest && !d.platform && !c.platform);
    if (!seen) candidates.push_back(d);
  }
  if (candidates.empty()) throw Error(ref, "the image index lists no images");

  const Descriptor* chosen = nullptr;
  std::string note;
  if (candidates.size() == 1 && !candidates[0].platform) {
    chosen = &candidates[0];
  } else {
    std::vector<std::string> unnamed, platforms;
    for (const auto& d : candidates) {
      if (!d.platform) unnamed.push_back(entry_name(d).empty() ? d.digest.str() : entry_name(d));
      else platforms.push_back(d.platform->str());
    }
    if (!unnamed.empty())
      throw Error(ref, "several images (" + join(unnamed) + (platforms.empty() ? "" : ", ") + join(platforms) +
                           "); name one with :TAG");
    std::vector<Platform> offered;
    for (const auto& d : candidates) offered.push_back(*d.platform);
    const PlatformChoice choice = choose_platform(offered, wanted, named);
    if (choice.index) chosen = &candidates[*choice.index];
    if (!choice.note.empty()) note = choice.note;
    if (!chosen)
      throw Error(ref, "no image for platform " + wanted.str() + " (available: " + join(platforms) +
                           "); choose one with --platform");
  }

  const Descriptor& d = *chosen;
  if (!d.media_type.empty() && !media::is_index(d.media_type) && !media::is_manifest(d.media_type))
    throw Error(ref + ": " + d.digest.str(), "unsupported media type \"" + d.media_type + "\"");
  std::string text = load(d);
  const std::string name = ref + ": " + d.digest.str();
  DocumentKind kind = media::is_index(d.media_type)      ? DocumentKind::Index
                      : media::is_manifest(d.media_type) ? DocumentKind::Manifest
                                                         : document_kind(text, name);
  if (kind == DocumentKind::Manifest) {
    SelectedManifest out{d, std::move(text), {}};
    if (!note.empty()) out.notes.push_back(note);
    return out;
  }
  const Index nested = parse_index(text, name);
  SelectedManifest out = select_at(nested.manifests, wanted, named, load, ref, depth + 1);
  if (!note.empty()) out.notes.insert(out.notes.begin(), note);
  return out;
}

}  // namespace

std::string entry_name(const Descriptor& entry) {
  std::string name = annotation(entry, "org.opencontainers.image.ref.name");
  if (name.empty()) name = annotation(entry, "io.containerd.image.name");
  return name;
}

std::vector<Descriptor> entries_for_tag(const Index& index, const std::string& tag, const std::string& ref) {
  if (tag.empty()) return index.manifests;
  std::vector<Descriptor> out;
  std::vector<std::string> names;
  for (const auto& d : index.manifests) {
    const std::string short_name = annotation(d, "org.opencontainers.image.ref.name");
    const std::string full_name = annotation(d, "io.containerd.image.name");
    if (short_name == tag || full_name == tag) out.push_back(d);
    const std::string shown = !short_name.empty() ? short_name : full_name;
    if (!shown.empty() && (names.empty() || names.back() != shown)) names.push_back(shown);
  }
  if (out.empty())
    throw Error(ref, "no image tagged \"" + tag + "\"" +
                         (names.empty() ? std::string(" (the index names no images)") : " (available: " + join(names) + ")"));
  return out;
}

SelectedManifest select_manifest(const std::vector<Descriptor>& candidates, const Platform& wanted, bool named,
                                 const DocumentLoader& load, const std::string& ref) {
  return select_at(candidates, wanted, named, load, ref, 0);
}

}  // namespace imgslim::oci
