// The `.env` file Compose reads beside the first compose file:
// KEY=VALUE lines, optional `export `, # comments, 'single' (literal) and
// "double" (escapes, interpolation) quotes, unquoted values with ` #` comments.
#pragma once
#include <map>
#include <string>

#include "compose/model/interpolation.h"

namespace imgslim::compose {

// Parses `path`; values may refer to variables defined earlier in the file
// or in `base` (the process environment wins over the file in Compose, so
// the caller overlays `base` afterwards). Throws imgslim::Error("path:line", ...).
// `lines`, when given, receives the line each variable was set on.
Environment read_dotenv(const std::string& path, const Environment& base,
                        std::map<std::string, int>* lines = nullptr);
// The same over the file's content, read by the caller; `path` names it in errors.
Environment parse_dotenv(const std::string& content, const std::string& path, const Environment& base,
                         std::map<std::string, int>* lines = nullptr);

}  // namespace imgslim::compose
