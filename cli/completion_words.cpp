// What the three completion generators share.
#include <cctype>
#include <stdexcept>

#include "cli/completion.h"

namespace imgslim::cli {

const std::string& checked_word(const std::string& word) {
  if (word.empty()) throw std::logic_error("completion: empty command or option name");
  for (char c : word)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      throw std::logic_error("completion: unexpected character in name " + word);
  return word;
}

std::string path_key(const CommandDoc& doc) {
  std::string out;
  for (const auto& p : doc.path) out += (out.empty() ? "" : "/") + checked_word(p);
  return out;
}

}  // namespace imgslim::cli
