#include "cli/image_options.h"

#include <iostream>

#include "support/error.h"

namespace imgslim::cli {

void ImageOptions::add_to(CLI::App& app) {
  app.add_option("--platform", platform, "os/arch[/variant] to pick from a multi-platform index (default: this host's)");
  app.add_flag("--no-verify", no_verify, "skip blob digest and diff_id verification (prints a warning)");
  app.add_option("--tls-verify", tls_verify, "verify registry TLS certificates (true|false)")
      ->check(CLI::IsMember({"true", "false"}));
  app.add_option("--creds", creds, "registry credentials USER:PASS (never printed)");
  app.add_option("--daemon", daemon, "engine for bare NAME[:TAG] references")->check(CLI::IsMember({"docker", "podman"}));
  app.add_flag("-q,--quiet", quiet, "no progress output");
  app.add_flag("--push-size", push_size,
               "for layers stored uncompressed (engine, docker save): compute what a push would store "
               "(gzip level 6 as the layers stream; costs CPU, about 30 MB/s a core)");
  app.add_option("--engine-read", engine_read,
                 "Docker Engine images: read the engine's store in place (store: root, local overlay2 dockerd), "
                 "its export API (export), or the store when possible (auto, default)")
      ->check(CLI::IsMember({"store", "export", "auto"}));
  app.add_flag("--no-cache", no_cache, "read every layer; neither use nor fill the layer cache");
  app.add_option("--cache-max", cache_max,
                 "bound of the layer cache, least recently used layers removed past it (default 2GiB; "
                 "env IMGSLIM_CACHE_MAX)");
}

oci::OpenOptions ImageOptions::open_options() const {
  oci::OpenOptions o;
  o.platform = platform;
  o.verify = !no_verify;
  o.tls_verify = tls_verify != "false";
  o.creds = creds;
  o.daemon = daemon;
  o.engine_read = engine_read;
  o.note = [](const std::string& note) { std::cerr << "note: " << note << "\n"; };
  return o;
}

}  // namespace imgslim::cli
