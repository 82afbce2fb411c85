// Hand-computed figures for every fixture preset, in every image form, read
// through the real OCI/docker readers.
#include <doctest/doctest.h>

#include "analyzers/report/analysis_report.h"
#include "support/error.h"
#include "tests/analyzers/fixture_images.h"

using namespace imgslim;
using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;

TEST_CASE("figures: whiteouts preset (file, directory and opaque whiteouts) in every form") {
  auto dir = scratch_dir("figures-whiteouts");
  for (auto form : kAllForms) {
    CAPTURE(form_name(form));
    auto a = analyze_ref(write_fixture(fixtures::preset_layout("whiteouts"), form, dir), "", true, /*push_size=*/true);
    const auto& s = a.scan;
    REQUIRE(s.layers.size() == 3);
    CHECK(a.waste.total_bytes == 235);
    CHECK(a.waste.final_bytes == 67);
    CHECK(s.tree.files() == 3);
    CHECK(s.tree.directories() == 2);
    CHECK(a.waste.reclaimable_bytes == 168);
    CHECK(a.waste.deleted_bytes == 168);
    CHECK(a.waste.overwritten_bytes == 0);
    CHECK(s.layers[0].content_bytes == 218);
    CHECK(s.layers[0].files_added == 6);
    CHECK(s.layers[0].deleted_bytes == 168);
    CHECK(s.layers[1].files_removed == 4);
    CHECK(s.layers[1].bytes_removed == 138);
    CHECK(s.layers[2].files_removed == 1);
    CHECK(s.layers[2].files_added == 2);
    CHECK(s.layers[2].content_bytes == 17);
    CHECK(s.layers[1].created_by == "RUN rm a/f r && rm -rf d");
    // dive: /a/f 100+0, /a/g 50, /d/x 10, /d/sub/y 20, /o/old 30, /r 8+0+12, /d (dir whiteout) 30, /o/new 5
    CHECK(a.dive.efficiency == 145.0 / 265.0);
    CHECK(a.dive.wasted_bytes == 120);
    CHECK(a.dive.user_bytes == 17);
    CHECK(a.dive.user_wasted_percent == 120.0 / 17.0);
    REQUIRE(a.dive.inefficiencies.size() == 2);
    CHECK(a.dive.inefficiencies[0].path == "/a/f");
    CHECK(a.dive.inefficiencies[1].path == "/r");
    CHECK(a.dive.inefficiencies[1].count == 3);
    if (form == fixtures::Form::OciLayout) {
      CHECK(s.layers[0].compression == "gzip");
      CHECK(s.layers[1].compression == "zstd");
      CHECK(s.layers[2].compression == "none");
      CHECK(s.layers[2].stored_bytes == s.layers[2].tar_bytes);
      // A plain layer: its compressed size is computed, and smaller than the tar.
      CHECK(s.layers[2].compressed_computed);
      CHECK(s.layers[2].compressed_bytes > 0);
      CHECK(s.layers[2].compressed_bytes < s.layers[2].tar_bytes);
      CHECK_FALSE(s.layers[0].compressed_computed);
      CHECK(s.layers[0].compressed_bytes == s.layers[0].stored_bytes);
    }
  }
}

TEST_CASE("figures: overwrite preset (overwrites, chmod-only, a file replacing a directory)") {
  auto dir = scratch_dir("figures-overwrite");
  for (auto form : kAllForms) {
    CAPTURE(form_name(form));
    auto a = analyze_ref(write_fixture(fixtures::preset_layout("overwrite"), form, dir));
    CHECK(a.waste.total_bytes == 2755);
    CHECK(a.waste.final_bytes == 1255);
    CHECK(a.scan.tree.files() == 3);
    CHECK(a.waste.reclaimable_bytes == 1500);
    CHECK(a.waste.overwritten_bytes == 1400);
    CHECK(a.waste.deleted_bytes == 100);
    CHECK(a.waste.metadata_only_bytes == 1000);
    CHECK(a.scan.layers[1].files_modified == 1);
    CHECK(a.scan.layers[2].files_modified == 2);
    CHECK(a.dive.efficiency == 1355.0 / 2755.0);
    CHECK(a.dive.wasted_bytes == 2650);
    CHECK(a.dive.user_wasted_percent == 2650.0 / 1255.0);
    REQUIRE(a.dive.inefficiencies.size() == 2);
    CHECK(a.dive.inefficiencies[0].path == "/app/index.js");
    CHECK(a.dive.inefficiencies[0].cum_bytes == 2000);
    CHECK(a.dive.inefficiencies[1].path == "/app/data.bin");
  }
}

TEST_CASE("figures: links preset (hardlinks outlive their first name, symlinks, fifo)") {
  auto dir = scratch_dir("figures-links");
  for (auto form : kAllForms) {
    CAPTURE(form_name(form));
    auto a = analyze_ref(write_fixture(fixtures::preset_layout("links"), form, dir));
    CHECK(a.waste.total_bytes == 4000);
    CHECK(a.waste.final_bytes == 4000);
    CHECK(a.waste.reclaimable_bytes == 0);
    CHECK(a.scan.tree.files() == 5);
    CHECK(a.scan.layers[1].files_removed == 1);
    CHECK(a.dive.efficiency == 0.0);
    CHECK(a.dive.wasted_bytes == 4000);
  }
}

TEST_CASE("figures: gzip, zstd and plain layers, Docker media types, a non-distributable layer") {
  auto dir = scratch_dir("figures-compression");
  auto a = analyze_ref(write_fixture(fixtures::preset_layout("compression"), fixtures::Form::OciLayout, dir));
  REQUIRE(a.scan.layers.size() == 3);
  CHECK(a.scan.layers[0].compression == "none");
  CHECK(a.scan.layers[1].compression == "gzip");
  CHECK(a.scan.layers[2].compression == "zstd");
  CHECK(a.scan.layers[2].descriptor.media_type == "application/vnd.oci.image.layer.v1.tar+zstd");
  CHECK(a.waste.total_bytes == 9000);
  CHECK(a.waste.final_bytes == 9000);
  CHECK(a.dive.efficiency == 1.0);
  for (const auto& l : a.scan.layers) CHECK(l.stored_bytes == static_cast<std::uint64_t>(l.descriptor.size));
  for (const auto& l : a.scan.layers) CHECK(l.compressed_computed == (l.compression == "none"));
  CHECK(a.scan.compressed_computed());

  auto d = analyze_ref(write_fixture(fixtures::preset_layout("docker-types"), fixtures::Form::OciArchive, dir));
  CHECK(d.scan.layers[1].descriptor.media_type == "application/vnd.docker.image.rootfs.diff.tar.gzip");
  CHECK(d.waste.total_bytes == 6000);

  auto n = analyze_ref(write_fixture(fixtures::preset_layout("non-distributable"), fixtures::Form::OciLayout, dir + "/nd"));
  CHECK(n.scan.layers[1].descriptor.media_type == "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
  CHECK(n.waste.total_bytes == 9000);
}

TEST_CASE("figures: multi-platform and nested indexes pick the platform asked for") {
  auto dir = scratch_dir("figures-platforms");
  for (std::string preset : {"multi-platform", "nested-index"}) {
    CAPTURE(preset);
    auto ref = write_fixture(fixtures::preset_layout(preset), fixtures::Form::OciArchive, dir + "/" + preset);
    CHECK(analyze_ref(ref, "linux/amd64").waste.total_bytes == 235);
    auto arm = analyze_ref(ref, "linux/arm64/v8");
    CHECK(arm.waste.total_bytes == 2755);
    CHECK(arm.scan.platform.str() == "linux/arm64/v8");
    CHECK_THROWS_AS(analyze_ref(ref, "linux/s390x"), imgslim::Error);
  }
}

TEST_CASE("figures: a corrupted blob is an error naming it, the bundled example's figures") {
  auto dir = scratch_dir("figures-corrupt");
  auto layout = fixtures::preset_layout("corrupt-blob");
  auto ref = write_fixture(layout, fixtures::Form::OciLayout, dir);
  try {
    analyze_ref(ref);
    FAIL("a corrupted blob was accepted");
  } catch (const imgslim::Error& e) {
    CHECK(std::string(e.what()).find("sha256:") != std::string::npos);
  }

  auto img = fixtures::naive_node_image();
  auto a = analyze_ref(write_fixture(fixtures::preset_layout("example"), fixtures::Form::DockerArchive, dir + "/ex"));
  REQUIRE(a.scan.layers.size() == 6);
  CHECK(a.waste.total_bytes == spec_bytes(img));
  const std::uint64_t package_json = img.layers[2].entries[1].content.size();
  const std::uint64_t npm_cache = 500000 + 250000 + 8000;
  CHECK(a.waste.deleted_bytes == npm_cache);
  CHECK(a.waste.overwritten_bytes == package_json + 30000);
  CHECK(a.waste.metadata_only_bytes == package_json + 30000);
  CHECK(a.waste.reclaimable_bytes == npm_cache + package_json + 30000);
  CHECK(a.waste.duplicate_bytes == 35000);
  CHECK(a.waste.base.layers == 2);
  CHECK(a.waste.base.source == "history");
  CHECK(a.waste.user_bytes == spec_bytes(img) - a.scan.layers[0].content_bytes - a.scan.layers[1].content_bytes);
  CHECK(a.scan.layers[5].files_removed == 3);
  CHECK(a.scan.layers[2].created_by == "COPY package*.json ./ # buildkit");
}
