// Where the layer-scan cache lives and how big it may grow: the folder
// $XDG_CACHE_HOME/imgslim/layers (else ~/.cache/imgslim/layers), bounded by
// --cache-max, else IMGSLIM_CACHE_MAX, else 2 GiB.
#pragma once
#include <cstdint>
#include <string>

namespace imgslim::analyzers {

inline constexpr std::uint64_t kDefaultCacheMaxBytes = 2ull << 30;

struct CacheSettings {
  std::string dir;
  std::uint64_t max_bytes = kDefaultCacheMaxBytes;
};

// `flag_max`: the --cache-max text, empty when not given. Throws
// imgslim::Error naming the flag or variable for a size that is not one, and
// for no HOME and no XDG_CACHE_HOME.
CacheSettings cache_settings(const std::string& flag_max = "");

}  // namespace imgslim::analyzers
