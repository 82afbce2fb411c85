// Hostile layer tars through `imgslim analyze` (fixtures/hostile_layers.cpp).
#include <filesystem>

#include "tests/hostile/hostile_harness.h"

using namespace imgslim::testing;

TEST_CASE("hostile layer: ../ paths are normalised inside the root") {
  HostileCase c("layer-dotdot-paths");
  const auto report = analyze_ok(c);
  CHECK(largest_paths(report) == std::set<std::string>{"/etc/evil", "/b", "/c"});
  CHECK(report["total_bytes"] == 5 + 3 + 4);
  CHECK(report["final_files"] == 3);
}

TEST_CASE("hostile layer: absolute paths are read relative to the root") {
  HostileCase c("layer-absolute-paths");
  const auto report = analyze_ok(c);
  CHECK(largest_paths(report) == std::set<std::string>{"/etc/abs", "/usr/bin/tool"});
  CHECK(report["total_bytes"] == 4 + 10);
}

TEST_CASE("hostile layer: symlinks out of the root are never followed on the host") {
  const bool tmp_planted = std::filesystem::exists("/tmp/planted"), etc_planted = std::filesystem::exists("/etc/planted");
  HostileCase c("layer-symlink-escape");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 11 + 8 + 2);  // os-release, up/tmp/planted, root/etc/planted: never the host file
  CHECK(std::filesystem::exists("/tmp/planted") == tmp_planted);
  CHECK(std::filesystem::exists("/etc/planted") == etc_planted);
}

TEST_CASE("hostile layer: symlink loops") {
  HostileCase c("layer-symlink-loops");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 8);
}

TEST_CASE("hostile layer: hardlink loops") {
  HostileCase c("layer-hardlink-loops");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 0);
}

TEST_CASE("hostile layer: hardlink to a missing entry") {
  HostileCase c("layer-hardlink-missing");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 5);
}

TEST_CASE("hostile layer: hardlink to a later entry") {
  HostileCase c("layer-hardlink-later");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 1000);
}

TEST_CASE("hostile layer: duplicate entries, the last one wins") {
  HostileCase c("layer-duplicates");
  const auto report = analyze_ok(c);
  CHECK(report["final_bytes"] == 30);
  CHECK(report["final_files"] == 1);
}

TEST_CASE("hostile layer: devices and fifos are entries without content") {
  HostileCase c("layer-devices");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 5);
  CHECK(report["final_files"] == 4);
}

TEST_CASE("hostile layer: non-UTF-8 names give valid JSON and text") {
  HostileCase c("layer-non-utf8-names");
  const auto report = analyze_ok(c);  // parses: the bytes are replaced, not passed through
  CHECK(report["total_bytes"] == 800);
  CHECK(report["largest_files"].size() == 2);
  const auto text = c.run({"analyze", c.target()});
  CHECK(text.result.exit_code == 0);
}

TEST_CASE("hostile layer: 4 KB names are read and the path limit is configurable") {
  HostileCase c("layer-long-name");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 4096);
  analyze_fails(c, "sha256:", "longer than 1024 bytes (IMGSLIM_MAX_PATH_BYTES)", {},
                {"IMGSLIM_MAX_PATH_BYTES=1024"});
}

TEST_CASE("hostile layer: a sparse file claiming 1 TB is counted, its holes never read") {
  HostileCase c("layer-sparse-1tb");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == (1ull << 40) + 6);  // apparent size, as dive and an extraction see it
}

TEST_CASE("hostile layer: truncated tar") {
  HostileCase c("layer-truncated-tar");
  analyze_fails(c, "sha256:", "corrupt layer tar");
}

TEST_CASE("hostile layer: truncated gzip") {
  HostileCase c("layer-truncated-gzip");
  analyze_fails(c, "sha256:", "gzip");
}

TEST_CASE("hostile layer: corrupted gzip") {
  HostileCase c("layer-corrupt-gzip");
  analyze_fails(c, "sha256:", "gzip");
}

TEST_CASE("hostile layer: truncated zstd") {
  HostileCase c("layer-truncated-zstd");
  analyze_fails(c, "sha256:", "zstd");
}

TEST_CASE("hostile layer: corrupted zstd") {
  HostileCase c("layer-corrupt-zstd");
  // zstd frames carry no checksum by default: the garbage decodes, the diff_id catches it.
  analyze_fails(c, "sha256:", "diff_id mismatch");
}

TEST_CASE("hostile layer: a zstd bomb (640 KB to 20 GB) is stopped") {
  HostileCase c("layer-zstd-bomb");
  analyze_fails(c, "sha256:", "compression bomb");
  analyze_fails(c, "sha256:", "IMGSLIM_MAX_LAYER_BYTES", {}, {"IMGSLIM_MAX_LAYER_BYTES=100MB"});
}

TEST_CASE("hostile layer: one million empty entries within the memory bound, and the entry limit is configurable") {
  HostileCase c("layer-million-entries");
  const auto report = analyze_ok(c, {}, {}, Bounds{120, 2ull << 30});
  CHECK(report["final_files"] == 1000000);
  CHECK(report["total_bytes"] == 0);
  analyze_fails(c, "sha256:", "more than 100000 entries in one layer (IMGSLIM_MAX_LAYER_ENTRIES)", {},
                {"IMGSLIM_MAX_LAYER_ENTRIES=100000"});
}

TEST_CASE("hostile layer: a tar without end blocks is read to its last member") {
  HostileCase c("layer-no-end-blocks");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 6 + 700);
}

TEST_CASE("hostile layer: trailing garbage after the end blocks") {
  HostileCase c("layer-trailing-garbage");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 6);
  CHECK(report["final_files"] == 1);
}
