#include "oci/model/image_name.h"

namespace imgslim::oci {

std::string normalize_image_name(std::string_view name) {
  std::string_view rest = name, suffix;
  if (const auto at = name.find('@'); at != std::string_view::npos) {
    rest = name.substr(0, at);
    suffix = name.substr(at);
  }
  std::string tag;
  const auto slash = rest.rfind('/');
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = std::string(rest.substr(colon));
    rest = rest.substr(0, colon);
  }
  std::string out;
  const auto first_slash = rest.find('/');
  const std::string_view first = rest.substr(0, first_slash);
  const bool has_domain = first_slash != std::string_view::npos &&
                          (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
                           first == "localhost");
  if (has_domain) {
    out = std::string(rest);
  } else if (first_slash == std::string_view::npos) {
    out = "docker.io/library/" + std::string(rest);
  } else {
    out = "docker.io/" + std::string(rest);
  }
  if (out.rfind("index.docker.io/", 0) == 0) out = "docker.io/" + out.substr(16);
  if (tag.empty() && suffix.empty()) tag = ":latest";
  return out + tag + std::string(suffix);
}

}  // namespace imgslim::oci
