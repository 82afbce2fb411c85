// Decoding of the JSON documents of an image: OCI and Docker schema 2
// manifests, indexes (manifest lists) and image configs. Every decoder
// checks field types and media types and throws imgslim::Error naming the
// document (`name`, e.g. "oci:./app blob sha256:ab12...") and the problem.
#pragma once
#include <string>
#include <string_view>

#include "oci/model/descriptor.h"

namespace imgslim::oci {

enum class DocumentKind { Manifest, Index };

// What a manifest-or-index document is: from its mediaType field, or, when
// that is absent (allowed by OCI), from its shape. Errors for Docker schema 1
// and for unknown media types.
DocumentKind document_kind(std::string_view text, const std::string& name);

Manifest parse_manifest(std::string_view text, const std::string& name);
Index parse_index(std::string_view text, const std::string& name);
ImageConfig parse_config(std::string_view text, const std::string& name);

}  // namespace imgslim::oci
