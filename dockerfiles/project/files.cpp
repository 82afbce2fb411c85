#include "dockerfiles/project/files.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace imgslim::dockerfiles::facts_files {

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::vector<std::string> source_files(const std::string& dir, std::size_t limit) {
  static const std::vector<std::string> skip = {"node_modules", "dist", "build", "out", "coverage"};
  static const std::vector<std::string> exts = {".js", ".mjs", ".cjs", ".ts", ".mts"};
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name.starts_with(".") || std::find(skip.begin(), skip.end(), name) != skip.end())
        it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const auto ext = it->path().extension().string();
    if (std::find(exts.begin(), exts.end(), ext) == exts.end()) continue;
    if (name.find(".test.") != std::string::npos || name.find(".spec.") != std::string::npos) continue;
    if (name.find(".config.") != std::string::npos) continue;
    files.push_back(it->path().string());
    if (files.size() >= limit) break;
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace imgslim::dockerfiles::facts_files
