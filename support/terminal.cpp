#include "support/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace imgslim {

bool is_terminal(std::FILE* stream) { return stream && ::isatty(::fileno(stream)) == 1; }

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return is_terminal(stream);
}

}  // namespace imgslim
