// Which image each service runs, as `docker compose` names it: `image:`
// when set; for a service with only `build:`, `<project>-<service>` (the
// name Compose tags the build with); a command-line override (--image
// SERVICE=REF) wins over both. References imgslim reads beyond engine names
// (docker-archive:, oci:, oci-archive: with a relative path) are resolved
// against the project directory.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compose/model/project.h"
#include "compose/model/service.h"

namespace imgslim::compose {

struct ServiceImage {
  std::string service;
  std::string ref;     // empty when the service names no image at all
  std::string origin;  // "image", "build" (the name Compose gives the build) or "override"
  Location where;      // the `image:` / `build:` line, else the service
};

std::vector<ServiceImage> service_images(const Project& project, const std::vector<Service>& services,
                                         const std::map<std::string, std::string>& overrides = {});

// compose-go's normalisation: lower case, only [a-z0-9_-], no leading '_' or '-'.
std::string normalize_project_name(const std::string& name);

}  // namespace imgslim::compose
