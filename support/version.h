// imgslim's version and the git commit it was built from (generated at build
// time by cmake/version.cmake; "unknown" when built without git).
#pragma once
#include <string>

namespace imgslim {

const char* version();     // "0.1.0"
const char* git_commit();  // "acd60cd1f2e3" or "acd60cd1f2e3-dirty", or "unknown"
std::string version_line();  // "imgslim 0.1.0 (commit acd60cd1f2e3)"

}  // namespace imgslim
