#include <doctest/doctest.h>

#include "oci/image.h"
#include "oci/model/limits.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "tests/oci/test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;

namespace {

// One single-layer image per platform; its only file names the platform.
Descriptor platform_image(LayoutWriter& w, const std::string& platform, bool docker = false) {
  const auto p = Platform::parse(platform);
  std::vector<LayerBlob> layers = {gzip_layer(TarBuilder().file("platform", platform).finish())};
  return w.image(layers, image_config(layers, p.os, p.architecture, p.variant), docker);
}

OpenOptions on(const std::string& platform) {
  OpenOptions o;
  o.platform = platform;
  return o;
}

std::string platform_of(const Image& image) { return image.config().platform.str(); }

}  // namespace

TEST_CASE("index: --platform picks the image, default is the host's, error lists what exists") {
  TempDir dir;
  LayoutWriter w(dir / "l");
  const Descriptor amd = platform_image(w, "linux/amd64");
  const Descriptor arm64 = platform_image(w, "linux/arm64/v8");
  const Descriptor arm7 = platform_image(w, "linux/arm/v7");
  // BuildKit puts attestation manifests beside the images.
  Descriptor attestation = w.blob(R"({"schemaVersion":2})", std::string(media::kOciManifest));
  json att = entry(attestation, "unknown/unknown");
  att["annotations"] = {{"vnd.docker.reference.type", "attestation-manifest"}};
  const Descriptor index =
      w.index({entry(amd, "linux/amd64"), entry(arm64, "linux/arm64/v8"), entry(arm7, "linux/arm/v7"), att});
  w.write_index({entry(index, "", "latest")});
  const std::string ref = "oci:" + dir / "l:latest";

  CHECK(open_image(ref, on("linux/arm64"))->digest() == arm64.digest);
  CHECK(open_image(ref, on("linux/arm64/v8"))->digest() == arm64.digest);
  CHECK(open_image(ref, on("linux/aarch64"))->digest() == arm64.digest);
  CHECK(open_image(ref, on("linux/arm/v7"))->digest() == arm7.digest);
  CHECK(platform_of(*open_image(ref, on("linux/arm/v7"))) == "linux/arm/v7");
  CHECK(open_image(ref, on("linux/amd64"))->digest() == amd.digest);
  // Without --platform: the host's, whatever the host is.
  const std::string host = Platform::host().str();
  const Descriptor* native = host == "linux/amd64"                ? &amd
                             : host.rfind("linux/arm64", 0) == 0 ? &arm64
                             : host == "linux/arm/v7"            ? &arm7
                                                                 : nullptr;
  REQUIRE_MESSAGE(native != nullptr, "the test has no image for this host's platform " << host);
  CHECK(open_image(ref)->digest() == native->digest);
  CHECK_THROWS_WITH_AS(open_image(ref, on("linux/s390x")),
                       doctest::Contains("no image for platform linux/s390x (available: linux/amd64, linux/arm64/v8, "
                                         "linux/arm/v7); choose one with --platform"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(open_image(ref, on("linux/arm/v6")), doctest::Contains("no image for platform"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(open_image(ref, on("linux")), doctest::Contains("expected OS/ARCH"),
                       imgslim::Error);
}

TEST_CASE("index: nested indexes (buildx OCI output) and Docker manifest lists") {
  TempDir dir;
  LayoutWriter w(dir / "l");
  const Descriptor amd = platform_image(w, "linux/amd64", true);
  const Descriptor arm = platform_image(w, "linux/arm64", true);
  const Descriptor list = w.index({entry(amd, "linux/amd64"), entry(arm, "linux/arm64")}, true);
  const Descriptor outer = w.index({entry(list)});  // index -> index -> manifest list -> manifests
  const Descriptor outermost = w.index({entry(outer)});
  w.write_index({entry(outermost)});
  auto image = open_image(dir / "l", on("linux/arm64"));
  CHECK(image->digest() == arm.digest);
  CHECK(image->manifest().media_type == media::kDockerManifest);
  CHECK(platform_of(*image) == "linux/arm64");
  CHECK(open_image(dir / "l", on("linux/amd64"))->digest() == amd.digest);
}

TEST_CASE("index: indexes nested to the depth limit open, one level deeper is refused") {
  // Real cycles (an index listing itself, two listing each other) are in the
  // hostile corpus (tests/hostile/documents_test.cpp); here the depth limit.
  TempDir dir;
  LayoutWriter w(dir / "l");
  const Descriptor image = platform_image(w, "linux/amd64");
  Descriptor d = image;
  for (int i = 0; i < limits::kMaxIndexDepth; ++i) d = w.index({entry(d)});
  w.write_index({entry(d)});
  CHECK(open_image(dir / "l")->digest() == image.digest);
  w.write_index({entry(w.index({entry(d)}))});
  const std::string refused = "image indexes nested deeper than " + std::to_string(limits::kMaxIndexDepth) + " levels";
  CHECK_THROWS_WITH_AS(open_image(dir / "l"), doctest::Contains(refused.c_str()), imgslim::Error);
}

TEST_CASE("index.json: platform entries directly in index.json, several tags, one image under two tags") {
  TempDir dir;
  LayoutWriter w(dir / "l");
  const Descriptor amd = platform_image(w, "linux/amd64");
  const Descriptor arm = platform_image(w, "linux/arm64");
  w.write_index({entry(amd, "linux/amd64"), entry(arm, "linux/arm64")});
  CHECK(open_image(dir / "l", on("linux/arm64"))->digest() == arm.digest);

  w.write_index({entry(amd, "", "a"), entry(arm, "", "b")});
  CHECK_THROWS_WITH_AS(open_image(dir / "l"), doctest::Contains("several images (a, b); name one with :TAG"),
                       imgslim::Error);
  CHECK(open_image("oci:" + dir / "l:b")->digest() == arm.digest);

  w.write_index({entry(amd, "", "a"), entry(amd, "", "also-a")});
  CHECK(open_image(dir / "l")->digest() == amd.digest);
}
