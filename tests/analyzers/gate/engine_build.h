// Test helper: builds a small image with the real Docker Engine
// (`--network none`, FROM imgslim-test/busybox:1 made by
// scripts/services/15-busybox-base.sh) from a Dockerfile and context files.
// Contents are deterministic, so parallel builds of one tag agree and
// re-runs hit the build cache.
#pragma once
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "tests/run_command.h"

namespace imgslim::testing {

// BuildKit: `docker buildx build --load` when the plugin exists; else a
// docker CLI older than 23 with DOCKER_BUILDKIT=1; else the CLI's default.
inline std::vector<std::string> engine_build_command(std::vector<std::string>& env) {
  if (run({"docker", "buildx", "version"}).exit_code == 0) return {"docker", "buildx", "build", "--load"};
  for (std::string cli : {"docker", "/usr/bin/docker"}) {
    auto v = run({cli, "version", "--format", "{{.Client.Version}}"});
    int major = std::atoi(v.out.c_str());
    if (v.exit_code == 0 && major > 0 && major < 23) {
      env.push_back("DOCKER_BUILDKIT=1");
      return {cli, "build"};
    }
  }
  return {"docker", "build"};
}

// Builds `tag` from `dockerfile` and `files` (relative path -> content).
inline void engine_build(const std::string& tag, const std::string& dockerfile,
                         const std::map<std::string, std::string>& files = {}) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  TempDir ctx;
  std::ofstream(ctx / "Dockerfile") << dockerfile;
  for (const auto& [rel, content] : files) {
    std::filesystem::path p = ctx / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::vector<std::string> env;
  std::vector<std::string> argv = engine_build_command(env);
  argv.insert(argv.end(), {std::string("--network"), std::string("none"), std::string("-q"), std::string("-t"), tag, ctx.path});
  auto r = run(argv, env);
  REQUIRE_MESSAGE(r.exit_code == 0, ("docker build " + tag + ": " + r.err + r.out));
}

// `n` bytes of deterministic, poorly compressible text.
inline std::string filler(std::size_t n, unsigned seed) {
  std::string s(n, ' ');
  std::uint32_t x = 2463534242u ^ seed;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>('!' + x % 90);
  }
  return s;
}

}  // namespace imgslim::testing
