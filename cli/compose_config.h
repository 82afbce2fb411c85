// `imgslim compose config [-f FILE]... [--format yaml|json]`: prints the
// resolved model of the fields the audit reads (compose/model/config_view.h).
// cmd_compose.cpp adds it as a subcommand of `compose`.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace imgslim::cli {

struct ComposeConfigOptions {
  std::vector<std::string> files, profiles;
  std::string format = "yaml", project_name, output;
};

struct ComposeConfigCommand {
  CLI::App* app = nullptr;
  std::shared_ptr<ComposeConfigOptions> options;
  bool used() const { return app && app->parsed(); }
  int run() const;
};

ComposeConfigCommand add_compose_config(CLI::App& compose);

// Compose's default files in the working directory (COMPOSE_FILE, compose.yaml, ...).
std::vector<std::string> default_compose_files();

}  // namespace imgslim::cli
