// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt},
// nested defaults (${A:-${B}}) and $$ for a literal dollar sign.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace imgslim::compose {

using Environment = std::map<std::string, std::string>;

struct Interpolator {
  const Environment* env = nullptr;
  // Names referenced without a value and without a default (Compose
  // substitutes "" and warns); collected for an info finding.
  std::set<std::string>* unset = nullptr;

  // Throws imgslim::Error(where, ...) for ${VAR:?err} on an unset variable
  // or a malformed expression.
  std::string expand(std::string_view text, const std::string& where) const;
};

// The process environment as a map.
Environment process_environment();

}  // namespace imgslim::compose
