// Where a piece of a Dockerfile sits: 1-based line, 1-based byte column and
// the 0-based byte offset into the original text (BOM included).
#pragma once
#include <cstddef>
#include <string>

namespace imgslim::dockerfiles {

struct Position {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;
};

// Half-open byte range [begin, end) of the original text.
struct Span {
  Position begin;
  Position end;
};

// "NAME:LINE:COL" as used in error messages and lint output.
std::string format_location(const std::string& name, const Position& at);

}  // namespace imgslim::dockerfiles
