// A piece of untrusted text (a registry's or engine's response body) fit to
// quote in a one-line error message: at most `max_bytes` of it, with control
// characters and bytes outside printable ASCII escaped (\n, \x1b...), so a
// hostile server can neither flood the message nor drive the terminal.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace imgslim {

std::string excerpt(std::string_view text, std::size_t max_bytes = 200);

}  // namespace imgslim
