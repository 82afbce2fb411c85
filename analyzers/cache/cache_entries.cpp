#include "analyzers/cache/cache_entries.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

namespace imgslim::analyzers {

namespace {

std::int64_t mtime_ns(const struct stat& st) {
  return std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

bool is_temporary(std::string_view name) { return name.find(".imgslim-") != std::string_view::npos; }

// Calls f(path, stat) for each regular file in `dir` whose name passes `keep`.
template <typename Keep, typename F>
void each_file(const std::string& dir, Keep keep, F f) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (!keep(name)) continue;
    std::string path = dir + "/" + std::string(name);
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    f(path, st);
  }
  ::closedir(d);
}

}  // namespace

std::vector<CacheEntryFile> list_cache_entries(const std::string& dir) {
  std::vector<CacheEntryFile> out;
  each_file(
      dir, [](std::string_view n) { return n.ends_with(kEntrySuffix) && !is_temporary(n); },
      [&](const std::string& path, const struct stat& st) {
        out.push_back({path, std::uint64_t(st.st_size), mtime_ns(st)});
      });
  std::sort(out.begin(), out.end(), [](const CacheEntryFile& a, const CacheEntryFile& b) {
    return a.last_use_ns != b.last_use_ns ? a.last_use_ns < b.last_use_ns : a.path < b.path;
  });
  return out;
}

TrimResult trim_cache(const std::string& dir, std::uint64_t keep_bytes) {
  const std::int64_t stale = (std::int64_t(std::time(nullptr)) - 3600) * 1000000000;
  each_file(dir, is_temporary, [&](const std::string& path, const struct stat& st) {
    if (mtime_ns(st) < stale) ::unlink(path.c_str());
  });
  TrimResult r;
  auto entries = list_cache_entries(dir);
  for (const auto& e : entries) r.kept_bytes += e.bytes;
  r.kept_entries = entries.size();
  for (const auto& e : entries) {
    if (r.kept_bytes <= keep_bytes) break;
    r.kept_bytes -= e.bytes;
    --r.kept_entries;
    if (::unlink(e.path.c_str()) == 0) {
      ++r.removed_entries;
      r.removed_bytes += e.bytes;
    }
  }
  return r;
}

void touch_cache_entry(const std::string& path) { ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); }

}  // namespace imgslim::analyzers
