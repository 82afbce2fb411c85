// Bytes per attribution category of a built image, attributed the way
// `imgslim analyze` does: the categorizer behind the measure table's
// Δ-per-category columns.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "builder/engine.h"

namespace imgslim::builder {

// Every category id ("app", "runtime-deps", "dev-deps", "pm-cache",
// "build-tooling", "docs", "os", "wasted") with its bytes; they sum to the
// image's content bytes. The image is exported by the engine into
// scratch_dir (one archive, removed afterwards) and read as a
// docker-archive: a file export reads several times faster than streaming
// the engine's GET /images/get through the scan. Throws imgslim::Error when
// the image cannot be exported or read.
std::map<std::string, std::uint64_t> image_categories(Engine& engine, const std::string& image,
                                                      const std::string& scratch_dir);

}  // namespace imgslim::builder
