// Helpers for the live-source tests: shell commands, small images built by
// the real engine (BuildKit) FROM imgslim-test/busybox:1, and reading a
// whole image through Image::stream_layers.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "oci/image.h"

namespace live {

struct Run {
  int status = -1;
  std::string out;  // stdout and stderr
};

// Runs `cmd` with /bin/sh; captures stdout+stderr.
Run sh(const std::string& cmd);
// Runs and requires exit 0 (FAILs the test with the output otherwise).
std::string sh_ok(const std::string& cmd);

// A fresh directory under /tmp, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path;
  void write(const std::string& rel, const std::string& content) const;
};

// docker build --network none (BuildKit) of `dockerfile` with `files` in the
// context; tags the image `tag`.
void build_image(const std::string& tag, const std::string& dockerfile,
                 const std::map<std::string, std::string>& files = {});

// The image every test builds: RUN/COPY/rm steps, a duplicate file, a
// removed file (whiteout), an empty metadata step.
void build_sample_image(const std::string& tag);

// What stream_layers delivered, per layer index.
struct StreamedLayer {
  std::string digest;  // sha256 of the blob as delivered
  std::uint64_t bytes = 0;
};
std::vector<StreamedLayer> stream_all(const imgslim::oci::Image& image, unsigned parallel = 1);

// The error message an expression throws ("" when it does not throw).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// True when the registry services (scripts/services/20-registry.sh) answer.
bool registry_up(int port);

}  // namespace live
