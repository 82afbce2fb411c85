// The image each service runs, made present the way `docker compose up`
// does: a service with `build:` is built (through the builder's engine, with
// BuildKit) when its image is missing, when pull_policy is `build`, or with
// --build; a missing image is pulled unless pull_policy is `never`;
// pull_policy `always` pulls first. Returns the image's bytes per service.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "builder/stack/stack_api.h"
#include "builder/stack/stack_plan.h"

namespace imgslim::builder::stack {

struct ImagesReady {
  std::vector<ImageInfo> per_service;  // plan order
  std::vector<std::string> notes;      // "built api as demo-api (1.2 s)", "pulled nginx:stable"
  // The images' bytes as the engine stores them: a layer shared by two images
  // (the same steps up to and including it) once.
  std::uint64_t stored_bytes = 0;
  std::uint64_t summed_bytes = 0;      // each distinct image's size added up
};

// Throws imgslim::Error("service NAME", …) for an image that is not there
// and cannot be pulled, or a build that fails (with the build log's tail).
ImagesReady prepare_images(const StackApi& api, const StackPlan& plan, bool always_build,
                           const std::function<void(const std::string&)>& progress);

}  // namespace imgslim::builder::stack
