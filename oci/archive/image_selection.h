// Choosing one image manifest from an image index: by tag (the
// org.opencontainers.image.ref.name / io.containerd.image.name annotations of
// a layout's index.json), then by platform through nested indexes. Errors
// list what is available.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "oci/model/descriptor.h"

namespace imgslim::oci {

// Loads the JSON document a descriptor points to (verified as the caller
// wishes).
using DocumentLoader = std::function<std::string(const Descriptor&)>;

struct SelectedManifest {
  Descriptor descriptor;
  std::string text;  // the manifest JSON
  std::vector<std::string> notes;  // choices made for the user ("only platform linux/arm64 present")
};

// The entries of a layout's top-level index matching `tag` (all entries when
// `tag` is empty). Error listing the tags when nothing matches.
std::vector<Descriptor> entries_for_tag(const Index& index, const std::string& tag, const std::string& ref);

// The name a layout's index entry is known by ("" when none).
std::string entry_name(const Descriptor& entry);

// From candidate entries (of one index or one tag) down to one manifest:
// nested indexes are followed, platform entries are matched against `wanted`
// (`named`: the user asked for it; else it is the host's, and an index with a
// single platform serves that one with a note, see choose_platform).
SelectedManifest select_manifest(const std::vector<Descriptor>& candidates, const Platform& wanted, bool named,
                                 const DocumentLoader& load, const std::string& ref);

}  // namespace imgslim::oci
