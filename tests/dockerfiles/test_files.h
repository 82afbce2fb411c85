// Helpers shared by the dockerfiles tests: where the shared conformance
// data lives and how to read a file whole.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace imgslim::test {

inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("IMGSLIM_SHARED_DIR")) return env;
  return IMGSLIM_SHARED_DIR;
}

inline std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace imgslim::test
