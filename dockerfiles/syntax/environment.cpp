#include "dockerfiles/syntax/shell_lexer.h"

namespace imgslim::dockerfiles {

void Environment::set(const std::string& key, const std::string& value) {
  for (auto& [k, v] : entries_) {
    if (k == key) {
      v = value;
      return;
    }
  }
  entries_.emplace_back(key, value);
}

std::optional<std::string> Environment::get(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return v;
  return std::nullopt;
}

}  // namespace imgslim::dockerfiles
