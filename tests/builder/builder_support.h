// Paths and prerequisites shared by the builder tests: the fixture apps
// (dependency tarballs written by fixtures/apps/generate.mjs) and the local
// base images (scripts/bases/build.sh); scripts/services/30-node-bases.sh
// prepares both before ctest.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "builder/engine.h"

namespace imgslim::builder::test {

inline std::string source(const std::string& rel) { return std::string(IMGSLIM_SOURCE_DIR) + "/" + rel; }
inline std::string variant(const std::string& name) { return source("tests/builder/variants/" + name); }

inline void require_prerequisites(Engine& engine) {
  for (const char* app : {"backend", "frontend"})
    REQUIRE_MESSAGE(std::filesystem::exists(source(std::string("fixtures/apps/") + app + "/vendor/.stamp")),
                    "fixture tarballs missing: run `node fixtures/apps/generate.mjs`");
  for (const char* image : {"node:20", "node:20-slim", "nginx:stable", "imgslim/dumb-init:1"})
  {
    std::string message = std::string("base image ") + image + " missing: run scripts/bases/build.sh";
    REQUIRE_MESSAGE(engine.inspect_image(image).has_value(), message);
  }
}

}  // namespace imgslim::builder::test
