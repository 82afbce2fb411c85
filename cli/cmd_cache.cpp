// imgslim cache info|prune — the layer-scan cache (analyzers/cache/): where it
// is, what it holds, and clearing it.
#include "cli/cache_commands.h"
#include "cli/command.h"

namespace imgslim::cli {

namespace {

CommandRegistrar reg_cache("cache", "The layer cache: show it (info) or clear it (prune)", [](CLI::App& app) {
  app.require_subcommand(1);
  auto subs = std::make_shared<std::vector<CacheSubcommand>>();
  subs->push_back(add_cache_info(app));
  subs->push_back(add_cache_prune(app));
  return [subs]() -> int {
    for (const auto& s : *subs)
      if (s.app->parsed()) return s.run();
    return 2;
  };
});

}  // namespace

}  // namespace imgslim::cli
