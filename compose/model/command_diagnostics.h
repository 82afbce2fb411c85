// Model-level findings about string commands (rule compose-command-string):
// Compose splits `command:` / `entrypoint:` strings like a shell without
// comment syntax (command_line.h), so a `# comment` written inside a folded
// block scalar reaches the process as arguments, an unquoted `;` `|` `&`
// `<` `>` silently drops the rest, and an unquoted `(` makes Compose refuse
// the file. Each finding names the source line and shows the argument list
// the process will really get.
#pragma once
#include <vector>

#include "compose/model/finding.h"
#include "compose/model/value.h"

namespace imgslim::compose {

inline constexpr const char* kCommandStringRule = "compose-command-string";

std::vector<Finding> command_diagnostics(const Value& services);

// ["postgres", "-c", "x=1"] as one line of text (JSON-style quoting).
std::string argv_text(const std::vector<std::string>& argv);

}  // namespace imgslim::compose
