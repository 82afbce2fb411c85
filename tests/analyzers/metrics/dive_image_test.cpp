// dive's published figures on its own test image, float-exact:
// shared/realworld/images/test-docker-image.tar (a missing file fails the
// test, naming it), and the file named by IMGSLIM_DIVE_IMAGE when that is set.
// Files of that folder that are not images (dive's 12,800-byte placeholders)
// must be clear errors; IMGSLIM_DIVE_DIR names another folder holding them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "support/error.h"
#include "tests/analyzers/fixture_images.h"

using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> dive_images() {
  std::vector<std::string> out{std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/test-docker-image.tar"};
  if (const char* env = std::getenv("IMGSLIM_DIVE_IMAGE"); env && *env) out.push_back(env);
  for (const auto& path : out) REQUIRE_MESSAGE(fs::is_regular_file(path), "dive's test image is missing: " << path);
  return out;
}
}  // namespace

TEST_CASE("dive image: published figures, float-exact") {
  for (const auto& path : dive_images()) {
    CAPTURE(path);
    auto a = analyze_ref("docker-archive:" + path);
    CHECK(a.dive.efficiency == 0.9844212134184309);
    CHECK(a.dive.image_bytes == 1220598);
    CHECK(a.dive.user_bytes == 66237);
    CHECK(a.dive.wasted_bytes == 32025);
    CHECK(a.dive.user_wasted_percent == 0.4834911001404049);
    REQUIRE(a.scan.layers.size() == 14);
    CHECK(a.scan.layers[0].content_bytes == 1154361);
    REQUIRE(a.dive.inefficiencies.size() >= 3);
    CHECK(a.dive.inefficiencies[0].path == "/root/saved.txt");
    CHECK(a.dive.inefficiencies[0].count == 2);
    CHECK(a.dive.inefficiencies[0].cum_bytes == 12810);
    CHECK(a.dive.inefficiencies[1].path == "/root/example/somefile1.txt");
    CHECK(a.dive.inefficiencies[1].cum_bytes == 12810);
    CHECK(a.dive.inefficiencies[2].path == "/root/example/somefile3.txt");
    CHECK(a.dive.inefficiencies[2].cum_bytes == 6405);
    // imgslim's own figures hold together on it too.
    CHECK(a.waste.total_bytes == 1220598);
    CHECK(a.waste.reclaimable_bytes == a.waste.total_bytes - a.waste.final_bytes);
    CHECK(a.waste.reclaimable_bytes == a.waste.overwritten_bytes + a.waste.deleted_bytes);
  }
}

TEST_CASE("dive image folder: files that are not images get a clear error") {
  std::vector<fs::path> dirs{fs::path(IMGSLIM_SHARED_DIR) / "realworld" / "images"};
  if (const char* env = std::getenv("IMGSLIM_DIVE_DIR"); env && *env) dirs.emplace_back(env);
  int checked = 0;
  for (const auto& dir : dirs) {
    REQUIRE_MESSAGE(fs::is_directory(dir), "dive's image folder is missing: " << dir.string());
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file() || e.file_size() != 12800) continue;
      CAPTURE(e.path().string());
      try {
        analyze_ref(e.path().string());
        FAIL("accepted as an image");
      } catch (const imgslim::Error& err) {
        CHECK(std::string(err.what()).find(e.path().filename().string()) != std::string::npos);
      }
      ++checked;
    }
  }
  // dive's folder holds one placeholder, test-gzip-image.tar (a tar of README.md).
  CHECK_MESSAGE(checked >= 1, "no 12,800-byte placeholder file in " << dirs.front().string());
}
