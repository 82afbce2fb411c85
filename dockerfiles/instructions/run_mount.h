// RUN --mount=... parsing as BuildKit's commands_runmount.go does it
// (CSV fields, defaults per type, the checks on each option).
#pragma once
#include <functional>
#include <string>

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

using WordExpander = std::function<std::string(const std::string&)>;

// Throws LineError.
Mount parse_mount(const std::string& value, const WordExpander& expand);

}  // namespace imgslim::dockerfiles
