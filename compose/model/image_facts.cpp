#include "compose/model/image_facts.h"

#include <algorithm>

#include "support/size.h"

namespace imgslim::compose {

std::string top_categories_text(const ImageFacts& facts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < facts.top.size() && i < n; ++i) {
    if (!out.empty()) out += ", ";
    out += facts.top[i].category + " " + format_size(facts.top[i].bytes);
  }
  return out;
}

std::string image_command_path(const ImageFacts& facts, const std::string& command) {
  auto has = [&](const std::string& p) { return std::binary_search(facts.executables.begin(), facts.executables.end(), p); };
  if (command.find('/') != std::string::npos) return has(command) ? command : "";
  for (const auto& dir : facts.path) {
    std::string candidate = (dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir) + "/" + command;
    if (has(candidate)) return candidate;
  }
  return "";
}

bool image_has_command(const ImageFacts& facts, const std::string& command) {
  return !image_command_path(facts, command).empty();
}

}  // namespace imgslim::compose
