// Glob patterns over slash-separated paths and image references:
//   *   any run of characters except '/'
//   **  any run of characters including '/' ("**/" also matches nothing)
//   ?   one character except '/'
//   [abc] [a-z] [!a-z]  one character from (or not from) a set
//   \x  the character x literally
// A pattern without '/' given to glob_match_path matches the base name at
// any depth (as .gitignore and .dockerignore users expect of "*.map").
#pragma once
#include <string_view>

namespace imgslim {

// Whole-string match; '/' is an ordinary character for * and ?
// unless `slash_is_separator` (the default).
bool glob_match(std::string_view pattern, std::string_view text, bool slash_is_separator = true);

// Path match: leading '/' ignored on both sides; a pattern without '/'
// matches the last component at any depth.
bool glob_match_path(std::string_view pattern, std::string_view path);

}  // namespace imgslim
