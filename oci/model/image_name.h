// Docker image names in their canonical form, so that "node:20",
// "library/node:20" and "docker.io/library/node:20" compare equal.
#pragma once
#include <string>
#include <string_view>

namespace imgslim::oci {

// "node" -> "docker.io/library/node:latest", "ghcr.io/a/b:1" unchanged,
// "localhost:5000/x" -> "localhost:5000/x:latest"; a digest is kept
// ("x@sha256:..." -> "docker.io/library/x@sha256:...").
std::string normalize_image_name(std::string_view name);

}  // namespace imgslim::oci
