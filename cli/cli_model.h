// The command line as data, read from the CLI11 definition itself (every
// registered subcommand and option), so that shell completions and man pages
// are generated from what the parser accepts and never drift from it.
// Hidden subcommands (empty group) and hidden options are left out.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace imgslim::cli {

struct OptionDoc {
  std::vector<std::string> shorts;  // "o" for -o
  std::vector<std::string> longs;   // "output" for --output
  std::string value_name;           // "FILE", "TEXT"; empty for a flag
  std::vector<std::string> choices; // from an IsMember check: "text", "json", ...
  std::string description;
  bool repeatable = false;
  // "--output, -o" as a man page or help shows it.
  std::string display() const;
};

struct PositionalDoc {
  std::string name;  // "REF"
  std::string description;
  std::vector<std::string> choices;
  bool required = false;
  bool repeatable = false;
};

struct CommandDoc {
  std::vector<std::string> path;  // {"imgslim", "compose", "config"}
  std::string description;
  std::vector<OptionDoc> options;
  std::vector<PositionalDoc> positionals;
  std::vector<CommandDoc> subcommands;

  std::string name() const { return path.back(); }
  std::string full_name(const std::string& sep = " ") const;  // "imgslim compose config"
  std::string synopsis() const;  // "imgslim check [OPTIONS] REF"
};

// The whole tree below `app` (call it on the root App).
CommandDoc describe_cli(const CLI::App& app);

// Every command of the tree, depth first, the root first.
std::vector<const CommandDoc*> flatten(const CommandDoc& root);

}  // namespace imgslim::cli
