// "dir/rest" for paths kept without a leading slash ("" + "a" = "a"), as the
// layer scan and the package readers store them.
#pragma once
#include <string>
#include <string_view>

namespace imgslim {

inline std::string join_path(std::string_view dir, std::string_view rest) {
  std::string out(dir);
  if (!out.empty()) out += '/';
  out += rest;
  return out;
}

}  // namespace imgslim
