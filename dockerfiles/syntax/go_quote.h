// Go's strconv.Quote, which BuildKit's AST dump uses for every value.
#pragma once
#include <string>
#include <string_view>

namespace imgslim::dockerfiles {

std::string go_quote(std::string_view s);

}  // namespace imgslim::dockerfiles
