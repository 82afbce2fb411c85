// An index that offers one platform only: without --platform it is analyzed
// whatever the host is, with the note "only platform OS/ARCH present" (as
// dive does); several platforms none of which is the host's stay an error
// that lists them and names --platform. Real inputs: dive's own OCI test
// archives (linux/arm64 only), and layouts made here.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "oci/image.h"
#include "support/error.h"
#include "tests/oci/test_images.h"
#include "tests/run_command.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;
namespace fs = std::filesystem;

namespace {

std::string dive_archive(const std::string& name) {
  const std::string path = std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/" + name;
  REQUIRE_MESSAGE(fs::is_regular_file(path), "dive's test archive is missing: " << path);
  return path;
}

// What the note list must be for an image of `platform` opened without --platform.
std::vector<std::string> expected_notes(const std::string& platform) {
  if (Platform::parse(platform).satisfies(Platform::host())) return {};
  return {"only platform " + platform + " present"};
}

// Two platforms, neither the host's.
std::vector<std::string> foreign_platforms() {
  std::vector<std::string> out;
  for (const char* p : {"linux/s390x", "linux/ppc64le", "linux/riscv64"})
    if (!Platform::parse(p).satisfies(Platform::host()) && out.size() < 2) out.push_back(p);
  return out;
}

Descriptor platform_image(LayoutWriter& w, const std::string& platform) {
  const auto p = Platform::parse(platform);
  std::vector<LayerBlob> layers = {gzip_layer(TarBuilder().file("platform", platform).finish())};
  return w.image(layers, image_config(layers, p.os, p.architecture, p.variant));
}

}  // namespace

TEST_CASE("single platform: dive's arm64-only OCI archives open without --platform, with a note") {
  for (const char* name : {"test-oci-gzip-image.tar", "test-oci-zstd-image.tar", "test-oci-uncompressed-image.tar",
                           "test-oci-estargz-image.tar"}) {
    CAPTURE(name);
    const std::string path = dive_archive(name);
    for (const std::string& ref : {"oci-archive:" + path, path}) {
      auto image = open_image(ref);
      CHECK(image->config().platform.str() == "linux/arm64");
      CHECK(image->layer_count() >= 1);
      CHECK(image->notes() == expected_notes("linux/arm64"));
      // Named explicitly, the platform is matched as asked: no note, and another one is an error.
      OpenOptions arm64;
      arm64.platform = "linux/arm64";
      CHECK(open_image(ref, arm64)->notes().empty());
      OpenOptions s390x;
      s390x.platform = "linux/s390x";
      CHECK_THROWS_WITH_AS(open_image(ref, s390x), doctest::Contains("no image for platform linux/s390x"),
                           imgslim::Error);
    }
  }
}

TEST_CASE("single platform: a nested index with one foreign platform opens with the note, two are an error") {
  const auto foreign = foreign_platforms();
  REQUIRE(foreign.size() == 2);
  TempDir dir;
  LayoutWriter w(dir / "l");
  const Descriptor one = platform_image(w, foreign[0]);
  const Descriptor two = platform_image(w, foreign[1]);

  w.write_index({entry(w.index({entry(one, foreign[0])}), "", "latest")});
  auto image = open_image("oci:" + dir / "l:latest");
  CHECK(image->digest() == one.digest);
  CHECK(image->notes() == std::vector<std::string>{"only platform " + foreign[0] + " present"});

  // The same image listed without a platform: its config names it.
  w.write_index({entry(one, "", "bare")});
  image = open_image("oci:" + dir / "l:bare");
  CHECK(image->digest() == one.digest);
  CHECK(image->notes() == std::vector<std::string>{"only platform " + foreign[0] + " present"});

  w.write_index({entry(w.index({entry(one, foreign[0]), entry(two, foreign[1])}), "", "latest")});
  const std::string listed = "no image for platform " + Platform::host().str() + " (available: " + foreign[0] + ", " +
                             foreign[1] + "); choose one with --platform";
  CHECK_THROWS_WITH_AS(open_image("oci:" + dir / "l:latest"), doctest::Contains(listed.c_str()), imgslim::Error);
  OpenOptions second;
  second.platform = foreign[1];
  CHECK(open_image("oci:" + dir / "l:latest", second)->digest() == two.digest);
}

TEST_CASE("single platform: imgslim analyze prints the note on stderr and analyzes the image") {
  const std::string path = dive_archive("test-oci-gzip-image.tar");
  auto r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--format", "json", path});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("\"platform\": \"linux/arm64\"") != std::string::npos);
  const auto notes = expected_notes("linux/arm64");
  if (notes.empty()) CHECK(r.err.find("only platform") == std::string::npos);  // an arm64 host
  else CHECK(r.err.find("note: " + path + ": " + notes[0] + "\n") != std::string::npos);

  r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--platform", "linux/s390x", path});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("no image for platform linux/s390x") != std::string::npos);
}
