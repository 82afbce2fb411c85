#include "oci/layers/path_clean.h"

namespace imgslim::oci {

std::string clean_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      const auto slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
      continue;
    }
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  return out;
}

std::string_view parent_path(std::string_view cleaned) {
  const auto slash = cleaned.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : cleaned.substr(0, slash);
}

}  // namespace imgslim::oci
