// Terminal manners: colour only on a terminal and never with NO_COLOR
// (https://no-color.org) or TERM=dumb; progress only on a terminal.
#pragma once
#include <cstdio>

namespace imgslim {

bool is_terminal(std::FILE* stream);
// Colour for `stream`: a terminal, NO_COLOR unset (or empty), TERM != dumb.
bool use_color(std::FILE* stream);

}  // namespace imgslim
