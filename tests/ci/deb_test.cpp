// The Debian package CPack makes (cmake/packaging.cmake), built as
// `cmake --build BUILD --target package` builds it (cpack on the build's
// CPackConfig.cmake), then extracted with dpkg -x into a scratch root and
// used from there.
#include <doctest/doctest.h>

#include <set>

#include "tests/ci/ci_test_util.h"

using namespace imgslim::ci::testing;

namespace {

// Builds the package once (one test case, its parts SUBCASEs: cpack runs the
// build's preinstall step, which two packagings at once would race on) into
// build/test-tmp/ci/deb; returns the .deb's path.
std::string package() {
  static std::string deb;
  if (!deb.empty()) return deb;
  // cpack first runs the build's preinstall step, which rebuilds what is out
  // of date, relinking binaries other tests are running. A build older than
  // the checkout's commit is refused instead (build, then test).
  auto built = run({IMGSLIM_BINARY, "--version"});
  auto head = run({"git", "-C", IMGSLIM_SOURCE_DIR, "describe", "--always", "--dirty", "--abbrev=12"});
  REQUIRE(head.exit_code == 0);
  REQUIRE_MESSAGE(built.out.find("(commit " + head.out.substr(0, head.out.find('\n')) + ")") != std::string::npos,
                  ("the build is older than the checkout; build before testing: " + built.out));
  std::string dir = scratch("deb");
  auto r = run({"cpack", "-G", "DEB", "--config", std::string(IMGSLIM_BUILD_DIR) + "/CPackConfig.cmake", "-B", dir});
  INFO(r.out, r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".deb") deb = e.path().string();
  REQUIRE(!deb.empty());
  return deb;
}

std::string extracted() {
  static std::string root;
  if (!root.empty()) return root;
  std::string deb = package();
  std::string dir = scratch("deb-root");
  auto r = run({"dpkg", "-x", deb, dir});
  REQUIRE(r.exit_code == 0);
  return root = dir;
}

std::string field(const std::string& name) {
  auto r = run({"dpkg-deb", "-f", package(), name});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

std::set<std::string> depends_packages() {
  std::set<std::string> out;
  std::string deps = field("Depends");
  std::size_t at = 0;
  while (at < deps.size()) {
    std::size_t end = deps.find_first_of(",|", at);
    if (end == std::string::npos) end = deps.size();
    std::string item = deps.substr(at, end - at);
    item.erase(0, item.find_first_not_of(' '));
    out.insert(item.substr(0, item.find_first_of(" (")));
    at = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("deb: cmake --build --target package makes a .deb that holds, depends on and runs what it should") {
  SUBCASE("the package holds the binary, gzipped man pages and the three shells' completions") {
    auto r = run({"dpkg-deb", "-c", package()});
    REQUIRE(r.exit_code == 0);
    for (const char* path : {"./usr/bin/imgslim", "./usr/share/man/man1/imgslim.1.gz",
                             "./usr/share/man/man1/imgslim-check.1.gz", "./usr/share/man/man1/imgslim-compose-config.1.gz",
                             "./usr/share/bash-completion/completions/imgslim", "./usr/share/zsh/vendor-completions/_imgslim",
                             "./usr/share/fish/vendor_completions.d/imgslim.fish"})
      CHECK_MESSAGE(r.out.find(std::string(path) + "\n") != std::string::npos, path);
    CHECK(field("Package") == "imgslim");
    CHECK(field("Version") == "0.1.0-1");
    CHECK(field("Architecture") == "amd64");
  }

  SUBCASE("Depends is computed by dpkg-shlibdeps and names the runtime package of every library the binary links") {
    auto deps = depends_packages();
    for (const char* p : {"libarchive13", "libcurl4", "libssl3", "libzstd1", "libisal2", "libxxhash0", "libyaml-cpp0.7",
                          "zlib1g", "libc6", "libstdc++6"})
      CHECK_MESSAGE(deps.count(p) == 1, p);
    // Every -dev package of scripts/packages/runtime.txt whose shared library
    // the binary needs: its runtime package (the one shipping the library the
    // -dev's .so link points at) is in Depends. Worked out here with dpkg, apart
    // from what CPack did.
    auto r = run({"bash", "-c", R"sh(
      needed=$(objdump -p "$1" | awk '/NEEDED/ {print $2}')
      for dev in $(sed -e 's/#.*//' "$2" | grep -- '-dev$'); do
        for so in $(dpkg -L "$dev" | grep '\.so$'); do
          soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
          grep -qx "$soname" <<<"$needed" || continue
          real=$(basename "$(readlink -f "$so")")
          echo "$dev $(dpkg -S "*/$real" | head -1 | cut -d: -f1)"
        done
      done)sh", "-", IMGSLIM_BINARY, std::string(IMGSLIM_SOURCE_DIR) + "/scripts/packages/runtime.txt"});
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    int mapped = 0;
    for (std::string dev, runtime; lines >> dev >> runtime; ++mapped)
      CHECK_MESSAGE(deps.count(runtime) == 1, (dev + " -> " + runtime));
    CHECK(mapped >= 8);  // archive, ssl, zstd, xxhash, curl, yaml-cpp, isal, zlib
    CHECK(field("Recommends") == "ca-certificates");
  }

  SUBCASE("the extracted binary runs: --version and a real analyze of the example image") {
    std::string root = extracted();
    auto v = run({root + "/usr/bin/imgslim", "--version"});
    CHECK(v.exit_code == 0);
    CHECK(v.out.rfind("imgslim 0.1.0 (commit ", 0) == 0);
    std::string image = example_image(scratch("deb-image"));
    auto a = run({root + "/usr/bin/imgslim", "analyze", "docker-archive:" + image, "--format", "json", "-q"});
    INFO(a.err);
    CHECK(a.exit_code == 0);
    CHECK(a.out.find("\"schema_version\": 1") != std::string::npos);
    CHECK(a.out.find("\"total_bytes\"") != std::string::npos);
    CHECK(a.out.find("\"dev-deps\"") != std::string::npos);
  }

  SUBCASE("the extracted bash completion loads and completes, and the man pages render") {
    std::string root = extracted();
    auto r = run({"bash", "-c",
                  "source \"$1/usr/share/bash-completion/completions/imgslim\" && complete -p imgslim && "
                  "COMP_WORDS=(imgslim check --for); COMP_CWORD=2; _imgslim; echo \"${COMPREPLY[*]}\"",
                  "-", root},
                 {"PATH=" + root + "/usr/bin:/usr/bin:/bin"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "complete -o default -F _imgslim imgslim\n--format\n");
    auto fish = run({"fish", "-c", "source $argv[1]; and complete -C 'imgslim lint --for'",
                     root + "/usr/share/fish/vendor_completions.d/imgslim.fish"});
    CHECK(fish.exit_code == 0);
    CHECK(fish.out.rfind("--format\t", 0) == 0);
    auto man = run({"man", "--warnings", "-l", root + "/usr/share/man/man1/imgslim-check.1.gz"},
                   {"MANWIDTH=80", "MANPAGER=cat", "PAGER=cat"});
    CHECK(man.exit_code == 0);
    CHECK(man.err == "");
    CHECK(man.out.find("--budget") != std::string::npos);
  }
}
