// Man pages (troff, man macros) generated from the command-line model:
// imgslim(1) and one page per subcommand, imgslim-check(1), ...
#pragma once
#include <string>

#include "cli/cli_model.h"

namespace imgslim::cli {

std::string man_page_name(const CommandDoc& doc);  // "imgslim-check.1"
std::string man_page(const CommandDoc& doc, const std::string& version);

}  // namespace imgslim::cli
