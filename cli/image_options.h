// Options every image-reading command shares (check, diff, report):
// --platform, --no-verify, --tls-verify, --creds, --daemon, --quiet, --push-size,
// --no-cache, --cache-max, --engine-read.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "oci/image.h"

namespace imgslim::cli {

struct ImageOptions {
  std::string platform;
  bool no_verify = false;
  std::string tls_verify = "true";
  std::string creds;
  std::string daemon = "docker";
  bool quiet = false;
  bool push_size = false;  // --push-size: gzip layers stored uncompressed, as a push would
  bool no_cache = false;   // --no-cache: read every layer, keep nothing
  std::string cache_max;   // --cache-max SIZE (else IMGSLIM_CACHE_MAX, else 2 GiB)
  std::string engine_read = "auto";  // --engine-read store|export|auto

  void add_to(CLI::App& app);
  oci::OpenOptions open_options() const;
};

}  // namespace imgslim::cli
