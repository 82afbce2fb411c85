// A PATH-style value ("/usr/local/bin:/usr/bin/:relative") as the absolute
// folders it names, in order, trailing slashes dropped; empty and relative
// entries are left out (a health check or lint rule resolving a command in
// an image's file tree has no working directory to resolve them against).
#pragma once
#include <string>
#include <vector>

namespace imgslim {

std::vector<std::string> split_search_path(const std::string& value);

}  // namespace imgslim
