// imgslim completion bash|zsh|fish: the shell completion script, generated
// from the parser's own definition of every command and option.
#include <iostream>
#include <memory>

#include "cli/cli_model.h"
#include "cli/command.h"
#include "cli/completion.h"

namespace imgslim::cli {

namespace {

CommandRegistrar reg_completion("completion", "Print the shell completion script for bash, zsh or fish", [](CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  app.add_option("SHELL", *shell, "the shell to complete for")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  app.footer("Load it now: source <(imgslim completion bash); installed from the .deb it loads by itself.");
  const CLI::App* self = &app;
  return [shell, self] {
    const CLI::App* root = self;
    while (root->get_parent()) root = root->get_parent();
    CommandDoc doc = describe_cli(*root);
    std::cout << (*shell == "bash" ? bash_completion(doc) : *shell == "zsh" ? zsh_completion(doc) : fish_completion(doc))
              << std::flush;
    return 0;
  };
});

}  // namespace

}  // namespace imgslim::cli
