// Subcommand registry. Each cli/cmd_*.cpp file registers itself with a
// static CommandRegistrar, so adding a command touches no shared file:
//
//   imgslim::cli::CommandRegistrar reg_analyze("analyze", "Where the bytes are",
//       [](CLI::App& app) {
//         auto opts = std::make_shared<Options>();
//         app.add_option("REF", opts->ref)->required();
//         return [opts] { return run_analyze(*opts); };   // exit code
//       });
//
// Errors: throw imgslim::Error (printed as one line, exit 2).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace imgslim::cli {

using Action = std::function<int()>;
using Setup = std::function<Action(CLI::App&)>;

struct CommandSpec {
  std::string name;
  std::string description;
  Setup setup;
};

std::vector<CommandSpec>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string description, Setup setup);
};

}  // namespace imgslim::cli
