#include "dockerfiles/syntax/source_file.h"

#include <iostream>
#include <sstream>
#include <system_error>
#include <filesystem>

#include "support/error.h"
#include "support/rooted_dir.h"

namespace imgslim::dockerfiles {

namespace {
constexpr std::uintmax_t kMaxDockerfileBytes = 64ull * 1024 * 1024;
}

std::string read_dockerfile(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  // The Dockerfile is resolved inside its own folder, as BuildKit reads it
  // from the folder it is sent in: a symlink leading elsewhere is not followed.
  std::string folder = std::filesystem::path(path).parent_path().string();
  RootedDir dir(folder.empty() ? "." : folder, "Dockerfile's folder", kMaxDockerfileBytes);
  const RootedEntry e = dir.resolve(path);
  if (e.kind == RootedKind::Directory) throw Error(path, "is a directory, not a Dockerfile");
  if (e.kind == RootedKind::Refused) throw Error(path, e.why + "; not read");
  if (e.kind == RootedKind::Missing) {
    std::error_code ec;
    if (std::filesystem::symlink_status(path, ec).type() == std::filesystem::file_type::not_found)
      throw Error(path, "no such file");
    throw Error(path, "cannot be read");
  }
  auto text = dir.read(path);
  if (!text) throw Error(path, "larger than 64 MiB, not a Dockerfile");
  return *text;
}

}  // namespace imgslim::dockerfiles
