// imgslim cache prune [--keep SIZE] — removes every cached layer, or the least
// recently used ones until at most SIZE remain.
#include <iostream>

#include "analyzers/cache/cache_entries.h"
#include "analyzers/cache/cache_settings.h"
#include "cli/cache_commands.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::cli {

namespace {

int run_prune(const std::string& keep) {
  std::uint64_t keep_bytes = 0;
  if (!keep.empty()) {
    auto size = parse_size(keep);
    if (!size) throw Error("--keep", "\"" + keep + "\" is not a size (e.g. 500MB, 1GiB)");
    keep_bytes = *size;
  }
  const auto settings = analyzers::cache_settings();
  const auto r = analyzers::trim_cache(settings.dir, keep_bytes);
  std::cout << "removed " << r.removed_entries << " layers (" << format_size(r.removed_bytes) << ") from "
            << settings.dir << "; " << r.kept_entries << " kept (" << format_size(r.kept_bytes) << ")\n";
  return 0;
}

}  // namespace

CacheSubcommand add_cache_prune(CLI::App& cache) {
  auto keep = std::make_shared<std::string>();
  CLI::App* app = cache.add_subcommand("prune", "Clear the layer cache (all of it, or down to --keep SIZE)");
  app->add_option("--keep", *keep, "keep the most recently used layers up to SIZE (e.g. 500MB)");
  return {app, [keep] { return run_prune(*keep); }};
}

}  // namespace imgslim::cli
