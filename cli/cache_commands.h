// `imgslim cache info` and `imgslim cache prune` (cli/cache_info.cpp,
// cli/cache_prune.cpp), added under `imgslim cache` by cli/cmd_cache.cpp.
#pragma once
#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace imgslim::cli {

struct CacheSubcommand {
  CLI::App* app = nullptr;
  Action run;
};

CacheSubcommand add_cache_info(CLI::App& cache);
CacheSubcommand add_cache_prune(CLI::App& cache);

}  // namespace imgslim::cli
