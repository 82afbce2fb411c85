// Files of a directory tree someone else wrote (a build context, a Compose
// project from a pull request), read the way BuildKit reads a build context:
// every path is resolved inside the root. A symbolic link is followed only
// while it stays inside (an absolute target counts when it names a place
// under the root); a link or a `..` that leaves the root, a link loop, a
// FIFO, device or socket, or a file over the size bound is treated as absent
// and leaves one note naming the path and why. Nothing outside the root is
// ever opened, and special files are never opened at all.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace imgslim {

enum class RootedKind { Missing, File, Directory, Refused };

struct RootedEntry {
  RootedKind kind = RootedKind::Missing;
  std::string host_path;  // File/Directory: root + the resolved path, no link leaving the root
  std::string why;        // Refused: why it is treated as absent
};

class RootedDir {
 public:
  // `what` names the root in notes ("build context", "project directory").
  explicit RootedDir(std::string root, std::string what = "build context",
                     std::uint64_t max_bytes = 64ull << 20);

  const std::string& root() const { return root_; }

  // `path` relative to the root ("a/b.json"), or a host path under the root
  // ("ctx/a/b.json", "/abs/ctx/a"); a host path elsewhere is Refused.
  RootedEntry resolve(const std::string& path);
  // A regular file's content; nullopt when missing or refused (with a note).
  std::optional<std::string> read(const std::string& path);
  bool is_file(const std::string& path) { return resolve(path).kind == RootedKind::File; }
  bool is_directory(const std::string& path) { return resolve(path).kind == RootedKind::Directory; }
  bool exists(const std::string& path) {
    auto k = resolve(path).kind;
    return k == RootedKind::File || k == RootedKind::Directory;
  }

  // "PATH: why; treated as absent", one per path, in the order met.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  struct Walk;
  RootedEntry walk(const std::string& path, Walk& w);
  void note(const std::string& shown, const std::string& why);
  std::string shown(const std::string& rel) const;

  std::string root_, what_;
  std::uint64_t max_bytes_;
  std::string canonical_root_;
  std::vector<std::string> notes_;
  std::set<std::string> noted_;
};

}  // namespace imgslim
