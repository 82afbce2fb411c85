#include "analyzers/cache/cache_settings.h"

#include <cstdlib>

#include "support/error.h"
#include "support/size.h"

namespace imgslim::analyzers {

namespace {

std::uint64_t size_from(const std::string& text, const std::string& input) {
  auto size = parse_size(text);
  if (!size) throw Error(input, "\"" + text + "\" is not a size (e.g. 2GiB, 500MB, 1073741824)");
  return *size;
}

}  // namespace

CacheSettings cache_settings(const std::string& flag_max) {
  CacheSettings s;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  // As the XDG base directory spec says: a relative XDG_CACHE_HOME is ignored.
  if (xdg && xdg[0] == '/') s.dir = std::string(xdg) + "/imgslim/layers";
  else if (home && home[0] != '\0') s.dir = std::string(home) + "/.cache/imgslim/layers";
  else throw Error("layer cache", "neither XDG_CACHE_HOME nor HOME is set (or use --no-cache)");
  if (!flag_max.empty()) s.max_bytes = size_from(flag_max, "--cache-max");
  else if (const char* env = std::getenv("IMGSLIM_CACHE_MAX"); env && env[0] != '\0')
    s.max_bytes = size_from(env, "IMGSLIM_CACHE_MAX");
  return s;
}

}  // namespace imgslim::analyzers
