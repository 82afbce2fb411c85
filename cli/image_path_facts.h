// The executables an image's PATH lookup can find in its final file tree,
// as compose's plain facts (compose/model/image_facts.h): what `imgslim
// compose` checks health-check commands against and `imgslim lint` checks a
// HEALTHCHECK against.
#pragma once
#include "analyzers/scan/image_scan.h"
#include "compose/model/image_facts.h"

namespace imgslim::cli {

// Docker's PATH when an image's config sets none.
inline constexpr const char* kDefaultImagePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Fills `facts.path` (the config's PATH) and `facts.executables`: visible
// executable files, hardlinks and symlinks directly inside each PATH
// directory, a directory that is a symlink (Debian's /bin -> usr/bin) read
// through its target.
void fill_path_facts(const analyzers::ImageScan& scan, compose::ImageFacts& facts);

}  // namespace imgslim::cli
