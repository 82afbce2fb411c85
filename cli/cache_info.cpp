// imgslim cache info [--format text|json] — the cache's folder, bound, entries
// and bytes, and the oldest and newest use.
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzers/cache/cache_entries.h"
#include "analyzers/cache/cache_settings.h"
#include "analyzers/cache/scan_codec.h"
#include "cli/cache_commands.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::cli {

namespace {

struct InfoOptions {
  std::string format = "text";
  std::string cache_max;
};

std::string utc(std::int64_t ns) {
  const std::time_t t = std::time_t(ns / 1000000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int run_info(const InfoOptions& o) {
  if (o.format != "text" && o.format != "json") throw Error("--format " + o.format, "unknown format (text, json)");
  const auto settings = analyzers::cache_settings(o.cache_max);
  const auto entries = analyzers::list_cache_entries(settings.dir);
  std::uint64_t bytes = 0;
  for (const auto& e : entries) bytes += e.bytes;
  if (o.format == "json") {
    nlohmann::json j = {{"dir", settings.dir},
                        {"max_bytes", settings.max_bytes},
                        {"entries", entries.size()},
                        {"bytes", bytes},
                        {"scan_format", analyzers::kScanFormatVersion}};
    if (!entries.empty()) {
      j["oldest_use"] = utc(entries.front().last_use_ns);
      j["newest_use"] = utc(entries.back().last_use_ns);
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "layer cache:  " << settings.dir << "\n"
            << "entries:      " << entries.size() << " layers\n"
            << "size:         " << format_size(bytes) << " (" << bytes << " bytes) of at most "
            << format_size(settings.max_bytes) << "\n";
  if (!entries.empty())
    std::cout << "last used:    " << utc(entries.front().last_use_ns) << " (oldest) to "
              << utc(entries.back().last_use_ns) << " (newest)\n";
  return 0;
}

}  // namespace

CacheSubcommand add_cache_info(CLI::App& cache) {
  auto o = std::make_shared<InfoOptions>();
  CLI::App* app = cache.add_subcommand("info", "Where the layer cache is, how many layers and bytes it holds");
  app->add_option("--format", o->format, "text (default) or json");
  app->add_option("--cache-max", o->cache_max, "the bound to show (default: IMGSLIM_CACHE_MAX, else 2GiB)");
  return {app, [o] { return run_info(*o); }};
}

}  // namespace imgslim::cli
