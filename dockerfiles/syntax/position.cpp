#include "dockerfiles/syntax/position.h"

namespace imgslim::dockerfiles {

std::string format_location(const std::string& name, const Position& at) {
  return name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace imgslim::dockerfiles
