#include "oci/model/platform_choice.h"

namespace imgslim::oci {

PlatformChoice choose_platform(const std::vector<Platform>& platforms, const Platform& wanted, bool named) {
  PlatformChoice out;
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    if (!platforms[i].satisfies(wanted)) continue;
    if (!out.index || (platforms[i].variant == wanted.variant && platforms[*out.index].variant != wanted.variant))
      out.index = i;
  }
  if (!out.index && !named && platforms.size() == 1) {
    out.index = 0;
    out.note = "only platform " + platforms[0].str() + " present";
  }
  return out;
}

}  // namespace imgslim::oci
