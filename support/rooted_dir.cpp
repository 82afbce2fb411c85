#include "support/rooted_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <deque>
#include <filesystem>

namespace fs = std::filesystem;

namespace imgslim {
namespace {

constexpr int kMaxLinks = 40;  // as the kernel's ELOOP bound

std::vector<std::string> components(const fs::path& p) {
  std::vector<std::string> out;
  for (const auto& c : p) {
    std::string s = c.string();
    if (s.empty() || s == "." || s == "/") continue;
    out.push_back(s);
  }
  return out;
}

bool starts_with(const std::vector<std::string>& a, const std::vector<std::string>& prefix) {
  if (a.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (a[i] != prefix[i]) return false;
  return true;
}

std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string join_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : "/") + n;
  return s;
}

}  // namespace

// The open directories from the root down to the current one.
struct RootedDir::Walk {
  std::vector<int> fds;
  std::vector<std::string> names;  // names[i] is the folder fds[i + 1] was opened as
  std::string last;                // the final component, in fds.back()
  ~Walk() {
    for (int fd : fds) ::close(fd);
  }
  void to_root() {
    while (fds.size() > 1) {
      ::close(fds.back());
      fds.pop_back();
      names.pop_back();
    }
  }
};

RootedDir::RootedDir(std::string root, std::string what, std::uint64_t max_bytes)
    : root_(std::move(root)), what_(std::move(what)), max_bytes_(max_bytes) {
  if (root_.empty()) root_ = ".";
  char buf[PATH_MAX];
  if (::realpath(root_.c_str(), buf)) canonical_root_ = buf;
}

std::string RootedDir::shown(const std::string& rel) const {
  if (rel.empty()) return root_;
  if (root_ == ".") return rel;
  return root_.back() == '/' ? root_ + rel : root_ + "/" + rel;
}

void RootedDir::note(const std::string& shown_path, const std::string& why) {
  if (noted_.insert(shown_path).second) notes_.push_back(shown_path + ": " + why + "; treated as absent");
}

RootedEntry RootedDir::walk(const std::string& path, Walk& w) {
  RootedEntry out;
  // The path relative to the root, without resolving anything yet.
  std::error_code ec;
  const auto root_parts = components(fs::absolute(root_, ec).lexically_normal());
  auto parts = components(fs::absolute(path, ec));
  if (!starts_with(parts, root_parts)) {
    parts = components(fs::absolute(path, ec).lexically_normal());
    if (!starts_with(parts, root_parts)) {
      out.kind = RootedKind::Refused;
      out.why = "is outside the " + what_;
      note(path, out.why);
      return out;
    }
  }
  std::deque<std::string> pending(parts.begin() + static_cast<std::ptrdiff_t>(root_parts.size()), parts.end());
  const std::string rel = join_names({pending.begin(), pending.end()});
  auto refuse = [&](std::string why) {
    out.kind = RootedKind::Refused;
    out.why = std::move(why);
    note(shown(rel), out.why);
    return out;
  };

  int root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return out;
  w.fds.push_back(root_fd);
  if (pending.empty()) {
    out.kind = RootedKind::Directory;
    out.host_path = root_;
    return out;
  }
  int links = 0;
  while (!pending.empty()) {
    std::string name = pending.front();
    pending.pop_front();
    if (name == "..") {
      if (w.fds.size() == 1) return refuse("leaves the " + what_ + " through `..`");
      ::close(w.fds.back());
      w.fds.pop_back();
      w.names.pop_back();
      continue;
    }
    struct stat st;
    if (::fstatat(w.fds.back(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return out;  // missing
    const std::string here = join_names(w.names) + (w.names.empty() ? "" : "/") + name;
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxLinks) return refuse("is a symbolic link loop (more than 40 links)");
      char buf[PATH_MAX];
      ssize_t n = ::readlinkat(w.fds.back(), name.c_str(), buf, sizeof buf - 1);
      if (n < 0) return out;
      std::string target(buf, static_cast<std::size_t>(n));
      auto target_parts = components(target);
      if (!target.empty() && target.front() == '/') {
        // Absolute: followed only when it names a place under the root.
        auto under = canonical_root_.empty() ? root_parts : components(canonical_root_);
        if (!starts_with(target_parts, under)) under = root_parts;
        if (!starts_with(target_parts, under))
          return refuse(here == rel ? "is a symbolic link leading outside the " + what_
                                    : "reaches outside the " + what_ + " through the symbolic link " + shown(here));
        target_parts.erase(target_parts.begin(), target_parts.begin() + static_cast<std::ptrdiff_t>(under.size()));
        w.to_root();
      } else {
        // Relative: must not climb above the root from where the link sits.
        std::size_t depth = w.names.size();
        for (const auto& c : target_parts) {
          if (c == "..") {
            if (depth == 0)
              return refuse(here == rel ? "is a symbolic link leading outside the " + what_
                                        : "reaches outside the " + what_ + " through the symbolic link " + shown(here));
            --depth;
          } else {
            ++depth;
          }
        }
      }
      pending.insert(pending.begin(), target_parts.begin(), target_parts.end());
      continue;
    }
    if (pending.empty()) {
      w.last = name;
      const std::string resolved = shown(join_names(w.names) + (w.names.empty() ? "" : "/") + name);
      if (S_ISREG(st.st_mode)) out.kind = RootedKind::File;
      else if (S_ISDIR(st.st_mode)) out.kind = RootedKind::Directory;
      else return refuse("is " + kind_of(st.st_mode) + ", not a regular file");
      out.host_path = resolved;
      return out;
    }
    if (!S_ISDIR(st.st_mode)) return out;  // a file used as a folder: missing
    int fd = ::openat(w.fds.back(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return out;
    w.fds.push_back(fd);
    w.names.push_back(name);
  }
  // Ended on `..` or a link to a folder: the folder reached.
  out.kind = RootedKind::Directory;
  out.host_path = shown(join_names(w.names));
  return out;
}

RootedEntry RootedDir::resolve(const std::string& path) {
  Walk w;
  return walk(path, w);
}

std::optional<std::string> RootedDir::read(const std::string& path) {
  Walk w;
  RootedEntry e = walk(path, w);
  if (e.kind != RootedKind::File || w.last.empty()) return std::nullopt;
  int fd = ::openat(w.fds.back(), w.last.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    note(e.host_path, "is not a regular file");
    return std::nullopt;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes_) {
    ::close(fd);
    note(e.host_path, "is larger than " + std::to_string(max_bytes_ >> 20) + " MiB");
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > max_bytes_) {
      ::close(fd);
      note(e.host_path, "is larger than " + std::to_string(max_bytes_ >> 20) + " MiB");
      return std::nullopt;
    }
  }
  ::close(fd);
  return text;
}

}  // namespace imgslim
