// Shell completion scripts generated from the command-line model
// (cli/cli_model.h): subcommands at every level, each command's options, the
// accepted values of options and arguments that have a fixed set, and file
// names everywhere else.
#pragma once
#include <string>

#include "cli/cli_model.h"

namespace imgslim::cli {

std::string bash_completion(const CommandDoc& root);  // source it, or drop it in bash-completion/completions/
std::string zsh_completion(const CommandDoc& root);   // an autoloadable _imgslim, or source it
std::string fish_completion(const CommandDoc& root);  // vendor_completions.d/imgslim.fish

// Names as they appear in generated scripts: letters, digits, '-', '_', '.'
// only (throws std::logic_error otherwise, so a script can never carry code).
const std::string& checked_word(const std::string& word);
// A slash-joined command path: "imgslim/compose/config".
std::string path_key(const CommandDoc& doc);

}  // namespace imgslim::cli
