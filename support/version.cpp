#include "support/version.h"

#include "imgslim_version_info.h"

namespace imgslim {

const char* version() { return IMGSLIM_VERSION; }
const char* git_commit() { return IMGSLIM_GIT_COMMIT; }
std::string version_line() { return std::string("imgslim ") + version() + " (commit " + git_commit() + ")"; }

}  // namespace imgslim
