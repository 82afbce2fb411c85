#include "support/search_path.h"

namespace imgslim {

std::vector<std::string> split_search_path(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t colon = value.find(':', start);
    if (colon == std::string::npos) colon = value.size();
    std::string dir = value.substr(start, colon - start);
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (!dir.empty() && dir.front() == '/') out.push_back(dir);
    start = colon + 1;
  }
  return out;
}

}  // namespace imgslim
