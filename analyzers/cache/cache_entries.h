// The entry files in a layer-cache folder, their sizes and last use (the
// file's modification time, which a hit renews), and the least-recently-used
// trim both the cache and `imgslim cache prune` use. Files other processes
// are still writing (AtomicFile temporaries) are left alone unless stale.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace imgslim::analyzers {

inline constexpr std::string_view kEntrySuffix = ".scan";

struct CacheEntryFile {
  std::string path;
  std::uint64_t bytes = 0;
  std::int64_t last_use_ns = 0;  // since the epoch
};

// Entries oldest use first; an absent folder has none.
std::vector<CacheEntryFile> list_cache_entries(const std::string& dir);

struct TrimResult {
  std::uint64_t removed_entries = 0, removed_bytes = 0;
  std::uint64_t kept_entries = 0, kept_bytes = 0;
};

// Removes the least recently used entries until at most `keep_bytes` remain,
// and temporaries abandoned over an hour ago. An entry another process
// removed first counts as removed by nobody.
TrimResult trim_cache(const std::string& dir, std::uint64_t keep_bytes);

// Renews an entry's last use (a hit).
void touch_cache_entry(const std::string& path);

}  // namespace imgslim::analyzers
