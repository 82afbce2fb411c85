// The RUN of a minimal runtime's collecting stage: it copies one program,
// the closure of shared libraries the image's own loader resolves for it
// (and for the native addons below some folders), the dynamic loader,
// whole folders the program reads, CA certificates, the passwd/group lines
// of root and the runtime user and a /tmp with mode 1777 into a folder the
// FROM scratch runtime copies as its root. A library the loader cannot find
// fails the build. Used by --runtime minimal (minimal_runtime.cpp).
#pragma once
#include <string>
#include <vector>

namespace imgslim::dockerfiles {

inline constexpr const char* kCollectRoot = "/rootfs";

struct RuntimeCollect {
  std::string program;                  // "/usr/local/bin/node", or a shell word: "$(command -v nginx)"
  bool strip = false;                   // strip its symbol tables when the image has strip
  std::vector<std::string> addon_dirs;  // native addons (*.node) found below these: their libraries too
  std::vector<std::string> trees;       // folders copied whole, modes and owners kept
  std::string user;                     // runtime user ("" or "root": root only)
};

std::string collect_run(const RuntimeCollect& collect, char escape);

}  // namespace imgslim::dockerfiles
