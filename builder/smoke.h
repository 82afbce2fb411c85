// Smoke check of a built image: the container starts as its configured user
// and keeps running; then an HTTP GET (2xx), a command in the container, or
// the image's own HEALTHCHECK must pass. Records the startup time (from
// `docker run` to the first passing check) and the memory in use afterwards.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "builder/engine.h"

namespace imgslim::builder {

struct SmokeOptions {
  std::string url_path;       // "/health": GET http://127.0.0.1:PORT/health must answer 2xx
  int port = 0;               // 0: every TCP port the image exposes (the first answering counts)
  std::string cmd;            // run with `sh -c` in the container, must exit 0
  int keepalive_seconds = 3;  // the container must still run this long after start
  int timeout_seconds = 60;   // for the first passing check
  // How the URL is reached: "" picks the container's own network namespace
  // entered from the host (local engine, root) else the host network; "host"
  // forces --network host.
  std::string network;
};

struct SmokeResult {
  bool ok = false;
  std::string method;          // url | cmd | healthcheck | running
  std::string reason;          // why it failed
  double startup_seconds = 0;  // run -> first passing check
  std::optional<std::uint64_t> memory_bytes;
  std::string user;            // configured USER ("root" when none)
  long uid = -1;               // uid of the container's main process
  std::string main_process;    // its executable: "dumb-init", "node", "npm", "nginx"
};

SmokeResult smoke_check(Engine& engine, const std::string& image, const ImageFacts& facts,
                        const SmokeOptions& options, const std::string& container_name);

}  // namespace imgslim::builder
