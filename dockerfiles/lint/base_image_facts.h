// What `imgslim lint --read-base` / `--base-image REF` knows about the final
// stage's base image: its PATH and the executables its final file tree has
// there (the CLI fills it from the image analysis; the linter only reads it).
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

struct BaseImageFacts {
  std::string ref;                       // the reference that was read
  std::vector<std::string> path;         // the image config's PATH
  std::vector<std::string> executables;  // absolute paths on that PATH, sorted
};

// The image the final stage builds on, through `FROM <earlier stage>` chains;
// "" for `scratch`.
std::string final_base_image(const Dockerfile& dockerfile);

// The path PATH lookup finds for `command` in those facts, `path` giving the
// directories to search; "" when none.
std::string base_command_path(const BaseImageFacts& facts, const std::vector<std::string>& path,
                              const std::string& command);

}  // namespace imgslim::dockerfiles
