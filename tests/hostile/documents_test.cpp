// Hostile manifests, indexes, configs and archives through `imgslim analyze`
// (fixtures/hostile_documents.cpp).
#include "tests/hostile/hostile_harness.h"

using namespace imgslim::testing;

TEST_CASE("hostile document: layer blob digest mismatch") {
  HostileCase c("blob-digest-mismatch");
  analyze_fails(c, "sha256:", "digest mismatch");
}

TEST_CASE("hostile document: diff_id mismatch") {
  HostileCase c("diff-id-mismatch");
  analyze_fails(c, "sha256:", "diff_id mismatch");
}

TEST_CASE("hostile document: layer size mismatch") {
  HostileCase c("size-mismatch");
  analyze_fails(c, "sha256:", "blob is larger than");
}

TEST_CASE("hostile document: config size mismatch") {
  HostileCase c("config-size-mismatch");
  analyze_fails(c, "blob sha256:", "the descriptor says");
}

TEST_CASE("hostile document: unknown layer media type") {
  HostileCase c("unknown-layer-media-type");
  analyze_fails(c, "manifest sha256:", "unsupported media type \"application/x-hostile\"");
}

TEST_CASE("hostile document: unknown manifest media type") {
  HostileCase c("unknown-manifest-media-type");
  analyze_fails(c, "sha256:", "application/x-hostile");
}

TEST_CASE("hostile document: missing layer blob") {
  HostileCase c("missing-layer-blob");
  analyze_fails(c, "sha256:", "blob missing");
}

TEST_CASE("hostile document: missing config blob") {
  HostileCase c("missing-config-blob");
  analyze_fails(c, "blob sha256:", "missing");
}

TEST_CASE("hostile document: an index listing itself") {
  HostileCase c("index-self-cycle");
  analyze_fails(c, "blob sha256:", "digest mismatch");
  analyze_fails(c, c.target(), "nested deeper than", {"--no-verify"});
}

TEST_CASE("hostile document: two indexes listing each other") {
  HostileCase c("index-cycle");
  analyze_fails(c, "blob sha256:", "the descriptor says 10");
  analyze_fails(c, c.target(), "nested deeper than", {"--no-verify"});
}

TEST_CASE("hostile document: JSON nested 100 000 deep") {
  HostileCase c("deeply-nested-json");
  const auto report = analyze_ok(c);  // an unknown field: ignored, without recursion
  CHECK(report["total_bytes"] == 11 + 2048);
}

TEST_CASE("hostile document: a 100 MB config is refused and the JSON limit is configurable") {
  HostileCase c("json-100mb");
  analyze_fails(c, "blob sha256:", "exceeds the JSON limit of 8388608 bytes (IMGSLIM_MAX_JSON_BYTES)");
  const auto report = analyze_ok(c, {}, {"IMGSLIM_MAX_JSON_BYTES=200MiB"});
  CHECK(report["total_bytes"] == 11 + 2048);
}

TEST_CASE("hostile document: wrong types") {
  HostileCase c("wrong-types");
  analyze_fails(c, "config sha256:", "field \"diff_ids\" must be an array, not number");
  HostileCase s("wrong-type-size");
  analyze_fails(s, "manifest sha256:", "must be an integer, not string");
}

TEST_CASE("hostile document: huge numbers") {
  HostileCase c("huge-numbers");
  analyze_fails(c, "manifest sha256:", "invalid JSON");
  HostileCase s("huge-size");
  analyze_fails(s, "sha256:", "9223372036854775807");
}

TEST_CASE("hostile document: history longer than the layers") {
  HostileCase c("history-longer");
  const auto report = analyze_ok(c);
  CHECK(report["layers"][1]["created_by"] == "layer 1");
}

TEST_CASE("hostile document: history shorter than the layers") {
  HostileCase c("history-shorter");
  const auto report = analyze_ok(c);
  CHECK(report["layers"][0]["created_by"] == "layer 0");
  CHECK(report["layers"][1]["created_by"] == "");
}

TEST_CASE("hostile document: docker-archive with two images and none named") {
  HostileCase c("docker-archive-two-images");
  analyze_fails(c, c.target(), "the archive holds several images (@0, @1)");
  HostileCase t("docker-archive-two-tagged");
  const auto report = analyze_ok(t);
  CHECK(report["total_bytes"] == 8);
}

TEST_CASE("hostile document: blob files symlinked outside the layout are refused") {
  HostileCase c("symlinked-blob-outside");
  analyze_fails(c, "/blobs/sha256/", "symlink leading outside the image directory");
  analyze_fails(c, "/blobs/sha256/", "symlink leading outside the image directory", {"--no-verify"});
  HostileCase k("symlinked-config-outside");
  analyze_fails(k, "/blobs/sha256/", "symlink leading outside the image directory", {"--no-verify"});
}

TEST_CASE("hostile document: blob files symlinked inside the layout are read") {
  HostileCase c("symlinked-blob-inside");
  const auto report = analyze_ok(c);
  CHECK(report["total_bytes"] == 11 + 2048);
}
