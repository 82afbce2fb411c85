// Small edits inside one instruction's text that keep the rest of its
// bytes (line breaks, indentation, continuation style) as the user wrote them.
#pragma once
#include <regex>
#include <string>

#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

// Offset where the arguments start (after the keyword and its flags).
std::size_t arguments_offset(const Node& node);

// Removes one shell command matched by `command` (a regex over the command
// text) together with the `&&` joining it to its neighbour and the
// whitespace/continuations in between. Returns true when something went.
bool remove_shell_command(std::string& text, const std::string& command, char escape);

// Removes the word (a flag such as "--no-cache") and the blanks before it.
bool remove_word(std::string& text, const std::string& word);

// Replaces the first match of `pattern` with `replacement` (ECMAScript regex).
bool replace_first(std::string& text, const std::string& pattern, const std::string& replacement);

}  // namespace imgslim::dockerfiles
