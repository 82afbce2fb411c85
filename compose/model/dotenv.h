// The `.env` file Compose reads beside the first compose file:
// KEY=VALUE lines, optional `export `, # comments, 'single' (literal) and
// "double" (escapes, interpolation) quotes, unquoted values with ` #` comments.
#pragma once
#include <string>

#include "compose/model/interpolation.h"

namespace imgslim::compose {

// Parses `path`; values may refer to variables defined earlier in the file
// or in `base` (the process environment wins over the file in Compose, so
// the caller overlays `base` afterwards). Throws imgslim::Error("path:line", ...).
Environment read_dotenv(const std::string& path, const Environment& base);
// The same over the file's content, read by the caller; `path` names it in errors.
Environment parse_dotenv(const std::string& content, const std::string& path, const Environment& base);

}  // namespace imgslim::compose
