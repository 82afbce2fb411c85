// Where the base image ends: the layers the user's Dockerfile did not make.
// Given a base image (--base REF), its diff_ids must be a prefix of the
// image's; otherwise the history is read: the last CMD/ENTRYPOINT entry that
// is followed by more layers closes the base (base images end with one).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "analyzers/scan/image_scan.h"

namespace imgslim::analyzers {

struct BaseSplit {
  std::size_t layers = 0;  // layers [0, layers) belong to the base
  std::string source;      // "base-image" (--base), "history", "first-layer", "none"
  std::string detail;      // the base ref, or the history entry that closed the base
};

// Throws imgslim::Error naming `base_ref` when its layers are not the first
// layers of the image.
BaseSplit base_from_image(const ImageScan& scan, const std::vector<oci::Digest>& base_diff_ids,
                          const std::string& base_ref);
BaseSplit base_from_history(const ImageScan& scan);

}  // namespace imgslim::analyzers
