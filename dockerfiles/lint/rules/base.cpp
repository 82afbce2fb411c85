// unpinned-base, maintainer: base images without a tag or digest, the deprecated MAINTAINER.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

void check_base(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    if (s.base_stage || s.from.image == "scratch") continue;
    const std::string& image = s.from.image;
    if (image.find('@') != std::string::npos) continue;
    std::size_t slash = image.rfind('/');
    std::size_t colon = image.rfind(':');
    bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    std::string tag = has_tag ? image.substr(colon + 1) : "";
    if (!has_tag || tag == "latest")
      out.add("unpinned-base", s.instructions.front(),
              "FROM " + image + (has_tag ? "" : " (no tag means :latest)") + ": the base changes under you between builds",
              "pin a version tag, e.g. FROM " + image.substr(0, has_tag ? colon : image.size()) + ":<version>, or a digest");
  }
}

}  // namespace imgslim::dockerfiles
