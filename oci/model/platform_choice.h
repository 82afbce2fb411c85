// Which entry of an image index serves the wanted platform. An exact variant
// beats a compatible one; when the user named no platform and the index has
// exactly one, that one is taken whatever the host is (as dive does), with a
// note saying so. Several entries and none matching: no choice (the caller's
// error lists them).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "oci/model/platform.h"

namespace imgslim::oci {

struct PlatformChoice {
  std::optional<std::size_t> index;  // into the platforms given
  std::string note;                  // "only platform linux/arm64 present" when the fallback chose
};

// `platforms`: the index's image entries (attestations left out), in order.
// `named`: the user asked for `wanted` (--platform); else `wanted` is the host's.
PlatformChoice choose_platform(const std::vector<Platform>& platforms, const Platform& wanted, bool named);

}  // namespace imgslim::oci
