#include "dockerfiles/lint/base_image_facts.h"

#include <algorithm>

namespace imgslim::dockerfiles {

std::string final_base_image(const Dockerfile& dockerfile) {
  if (dockerfile.stages.empty()) return "";
  const Stage* s = &dockerfile.final_stage();
  for (std::size_t hops = 0; s->base_stage && hops < dockerfile.stages.size(); ++hops)
    s = &dockerfile.stages[*s->base_stage];
  return s->from.image == "scratch" ? "" : s->from.image;
}

std::string base_command_path(const BaseImageFacts& facts, const std::vector<std::string>& path,
                              const std::string& command) {
  auto has = [&](const std::string& p) {
    return std::binary_search(facts.executables.begin(), facts.executables.end(), p);
  };
  if (command.find('/') != std::string::npos) return has(command) ? command : "";
  for (const auto& dir : path)
    if (has(dir + "/" + command)) return dir + "/" + command;
  return "";
}

}  // namespace imgslim::dockerfiles
