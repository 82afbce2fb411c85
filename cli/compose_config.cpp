#include "cli/compose_config.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "compose/model/config_view.h"
#include "compose/model/project.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace imgslim::cli {

std::vector<std::string> default_compose_files() {
  if (const char* env = std::getenv("COMPOSE_FILE"); env && *env) {
    std::vector<std::string> out;
    std::string s = env;
    const char* sep = std::getenv("COMPOSE_PATH_SEPARATOR");
    char c = sep && *sep ? sep[0] : ':';
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == c) {
        if (i > start) out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
    return out;
  }
  for (const char* name : {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})
    if (std::filesystem::exists(name)) {
      std::vector<std::string> out{name};
      std::string base = std::string(name).substr(0, std::string(name).rfind('.'));
      for (const char* ext : {".override.yaml", ".override.yml"})
        if (std::filesystem::exists(base + ext)) {
          out.push_back(base + ext);
          break;
        }
      return out;
    }
  throw imgslim::Error("compose", "no Compose file given and none found (compose.yaml, docker-compose.yml) in the current directory");
}


int ComposeConfigCommand::run() const {
  using namespace imgslim::compose;
  const ComposeConfigOptions& o = *options;
  if (o.format != "yaml" && o.format != "json")
    throw imgslim::Error("--format", "expected yaml or json, got \"" + o.format + "\"");
  LoadOptions load;
  load.files = o.files.empty() ? default_compose_files() : o.files;
  load.profiles = o.profiles;
  load.env = process_environment();
  load.project_name = o.project_name;
  Project project = load_project(load);
  std::string text = render_config(project, o.format);
  if (o.output.empty()) std::cout << text << std::flush;
  else imgslim::write_file_atomically(o.output, text);
  return 0;
}

ComposeConfigCommand add_compose_config(CLI::App& compose) {
  ComposeConfigCommand cmd;
  cmd.options = std::make_shared<ComposeConfigOptions>();
  auto& o = *cmd.options;
  cmd.app = compose.add_subcommand("config", "Print the resolved model the audit reads (as docker compose config does)");
  cmd.app->add_option("FILE", o.files, "Compose files (same as -f)");
  cmd.app->add_option("-f,--file", o.files, "Compose file; repeat to merge overrides in order")->allow_extra_args(false);
  cmd.app->add_option("--profile", o.profiles, "Enable a profile (COMPOSE_PROFILES also counts)")->allow_extra_args(false);
  cmd.app->add_option("-p,--project-name", o.project_name, "Project name");
  cmd.app->add_option("--format", o.format, "yaml (default) or json");
  cmd.app->add_option("-o,--output", o.output, "Write to FILE");
  return cmd;
}

}  // namespace imgslim::cli
