// How Compose turns a string `command:` / `entrypoint:` / health-check test
// into an argument list: shell-like word splitting (go-shellwords, as
// compose-go calls it) with quotes and backslashes, but no comments, no
// variables, no globbing. `#` is an ordinary character, so a comment
// written inside a folded block scalar reaches the process as arguments.
// An unquoted `;`, `&`, `|`, `<` or `>` ends the list (the rest is dropped,
// and a run of digits right before `>` goes with it); an unquoted `(` that
// does not open `$(`, an unmatched `)`, or an unterminated quote, backquote
// or trailing backslash make Compose refuse the file ("invalid command
// line string").
#pragma once
#include <string>
#include <vector>

namespace imgslim::compose {

struct CommandLine {
  std::vector<std::string> argv;
  bool invalid = false;        // Compose refuses it: "invalid command line string"
  std::string invalid_reason;  // what made it invalid, for the message
  char invalid_char = 0;       // '(' or ')' when a parenthesis made it invalid
  std::string dropped;         // text after an unquoted ; & | < > (ignored by Compose)
  // Words that start with an unquoted `#` (shell comment text Compose passes on).
  std::vector<std::size_t> comment_words;  // indexes into argv
};

// `parens_as_text`: treat a stray ( or ) as an ordinary character instead
// of refusing the string (to show what the words would be).
CommandLine split_command_line(const std::string& text, bool parens_as_text = false);

}  // namespace imgslim::compose
