// BuildKit's error for an instruction it does not know, with its suggestion:
// "unknown instruction: FROMM (did you mean FROM?)" when a known instruction
// is fewer than 3 edits away (case-insensitive, the suggestion in the case
// the user wrote it in).
#pragma once
#include <string>

namespace imgslim::dockerfiles {

std::string unknown_instruction(const std::string& keyword);

}  // namespace imgslim::dockerfiles
