// What "the user's files untouched" means in the builder tests: every entry
// of a tree with its kind, size, mode, modification time (ns) and content
// hash; two snapshots compare equal only when nothing was written,
// touched, added or removed.
#pragma once
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

namespace imgslim::builder::test {

inline std::map<std::string, std::string> tree_snapshot(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) != 0) continue;
    std::ostringstream v;
    v << st.st_mode << " " << st.st_size << " " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      v << " " << std::hash<std::string>{}(content.str());
    }
    out[e.path().lexically_relative(root).generic_string()] = v.str();
  }
  return out;
}

// Entries of `dir` whose name starts with `prefix` (scratch copies left behind).
inline int entries_named(const std::string& dir, const std::string& prefix) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) ++n;
  return n;
}

}  // namespace imgslim::builder::test
