#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "support/error.h"
#include "support/version.h"

namespace imgslim::cli {

std::vector<CommandSpec>& command_registry() {
  static std::vector<CommandSpec> registry;
  return registry;
}

CommandRegistrar::CommandRegistrar(std::string name, std::string description, Setup setup) {
  command_registry().push_back({std::move(name), std::move(description), std::move(setup)});
}

}  // namespace imgslim::cli

int main(int argc, char** argv) {
  using namespace imgslim::cli;
  CLI::App app{"imgslim: make container images small and keep them small", "imgslim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", imgslim::version_line(), "print the version and the git commit, then exit");
  std::map<CLI::App*, Action> actions;
  // By name: the order static registrars ran in depends on how the files were batched.
  auto& specs = command_registry();
  std::sort(specs.begin(), specs.end(), [](const CommandSpec& a, const CommandSpec& b) { return a.name < b.name; });
  for (auto& spec : specs) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.description);
    actions[sub] = spec.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other error: what was wrong and where the help is.
    std::string command = "imgslim";
    for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
      sub = sub->get_subcommands().front();
      command += " " + sub->get_name();
    }
    std::string problem = e.what();
    while (!problem.empty() && (problem.back() == '\n' || problem.back() == ' ')) problem.pop_back();
    for (char& c : problem)
      if (c == '\n') c = ' ';
    std::cerr << "imgslim: " << (command == "imgslim" ? std::string("usage") : command.substr(8)) << ": " << problem
              << " (see `" << command << " --help`)\n";
    return 2;
  }
  try {
    for (auto* sub : app.get_subcommands()) {
      auto it = actions.find(sub);
      if (it != actions.end()) return it->second();
    }
  } catch (const imgslim::Error& e) {
    std::fflush(stdout);
    std::cerr << "imgslim: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "imgslim: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "imgslim: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
