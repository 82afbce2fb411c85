// A light reading of a RUN/CMD shell script for lint rules: simple
// commands (words with quotes removed) and the operator that follows each
// ("&&", "||", ";", "|", "&", newline). Not an evaluator: enough to see
// `npm ci --omit=dev`, pipes, `cd`, `rm -rf /var/lib/apt/lists/*`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::dockerfiles {

struct SimpleCommand {
  std::vector<std::string> words;  // env assignments and sudo/exec/env prefixes removed
  std::string op_after;            // "&&", "||", ";", "|", "&", "\n" or "" at the end
  std::string text;                // the words joined by single spaces
};

std::vector<SimpleCommand> split_shell_commands(std::string_view script);

// The commands a RUN/CMD/ENTRYPOINT executes: shell form split as above
// (heredoc scripts included), exec form as one command.
struct CommandLine;
std::vector<SimpleCommand> commands_of(const CommandLine& command);

bool has_word(const SimpleCommand& c, std::string_view word);
bool has_word_prefix(const SimpleCommand& c, std::string_view prefix);

}  // namespace imgslim::dockerfiles
