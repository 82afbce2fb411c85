// slim-base: a full base image where a slim or alpine variant would do.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_slim_base(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  if (final.base_stage) return;
  std::string name = base_image_name(final.from.image);
  static const std::vector<std::string> full = {"node", "python", "golang", "ruby", "openjdk", "php", "rust",
                                                "gcc", "buildpack-deps", "maven", "gradle", "eclipse-temurin"};
  if (std::find(full.begin(), full.end(), name) == full.end()) return;
  std::string image = final.from.image;
  std::size_t colon = image.rfind(':');
  std::string tag = colon == std::string::npos || image.find('/', colon) != std::string::npos ? "" : image.substr(colon + 1);
  for (const char* slim : {"slim", "alpine", "distroless", "chiseled", "minimal"})
    if (tag.find(slim) != std::string::npos) return;
  std::string suggestion = name + ":" + (tag.empty() || tag == "latest" ? "lts" : tag) + "-slim";
  out.add("slim-base", final.instructions.front(),
          "the final stage is based on " + image + ", the full image with compilers and build tools",
          "FROM " + suggestion + " (or an -alpine / distroless variant) for the runtime stage");
}

}  // namespace imgslim::dockerfiles
