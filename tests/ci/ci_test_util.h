// Shared by the tests of the CI integrations (the Debian package, the GitHub
// Action, the GitLab template): scratch folders, files, and a real fixture
// image written as a docker-archive tar.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fixtures/presets.h"
#include "tests/run_command.h"

namespace imgslim::ci::testing {

using imgslim::testing::CommandResult;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string scratch(const std::string& name) {
  auto dir = std::filesystem::path(IMGSLIM_BUILD_DIR) / "test-tmp" / "ci" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// The bundled example image (what scripts/setup.sh analyses) as a
// docker-archive tar under dir; returns its path.
inline std::string example_image(const std::string& dir) {
  std::string path = dir + "/example.tar";
  fixtures::write_layout(fixtures::preset_layout("example"), fixtures::Form::DockerArchive, path);
  return path;
}

inline std::string bin_dir() { return std::filesystem::path(IMGSLIM_BINARY).parent_path().string(); }

}  // namespace imgslim::ci::testing
