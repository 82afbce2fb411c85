// Reading a Dockerfile from disk (or "-" for standard input) for the CLI
// commands, with one clear error when it cannot be read.
#pragma once
#include <string>

namespace imgslim::dockerfiles {

// Throws imgslim::Error(path, problem).
std::string read_dockerfile(const std::string& path);

}  // namespace imgslim::dockerfiles
