#include "dockerfiles/syntax/source_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <filesystem>

#include "support/error.h"

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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path, "is a directory, not a Dockerfile");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxDockerfileBytes) throw Error(path, "larger than 64 MiB, not a Dockerfile");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(path, "read error");
  return text;
}

}  // namespace imgslim::dockerfiles
