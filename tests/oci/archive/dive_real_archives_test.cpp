// dive's real test archives, as its authors produced them, read by imgslim and
// by an independent reader (archive_oracle.py: Python's tarfile, gzip, zlib,
// hashlib): test-kaniko-image.tar is a go-containerregistry tarball (kaniko's
// docker-archive form: config named "sha256:<hex>", layers as <hex>.tar.gz),
// test-oci-estargz-image.tar an OCI archive of one linux/arm64 image whose
// layer is eStargz (four gzip members, its TOC after the tar's end marker).
// A missing archive fails the test, naming it.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "oci/image.h"
#include "oci/layers/layer_reader.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "tests/run_command.h"

using namespace imgslim::oci;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string dive_archive(const std::string& name) {
  const std::string path = std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/" + name;
  REQUIRE_MESSAGE(fs::is_regular_file(path), "dive's test archive is missing: " << path);
  return path;
}

json oracle(const std::string& archive) {
  const auto r = imgslim::testing::run(
      {"python3", std::string(IMGSLIM_SOURCE_DIR) + "/tests/oci/archive/archive_oracle.py", archive});
  REQUIRE_MESSAGE(r.exit_code == 0, "archive_oracle.py " << archive << ": " << r.err);
  return json::parse(r.out);
}

char type_letter(EntryType t) {
  switch (t) {
    case EntryType::File: return 'f';
    case EntryType::Directory: return 'd';
    case EntryType::Symlink: return 'l';
    case EntryType::Hardlink: return 'h';
    case EntryType::CharDevice: return 'c';
    case EntryType::BlockDevice: return 'b';
    case EntryType::Fifo: return 'p';
    default: return 'o';
  }
}

// Layer by layer, imgslim's reading (digests verified) equals the oracle's.
void check_layers(const Image& image, const json& expected) {
  REQUIRE(image.layer_count() == expected["layers"].size());
  REQUIRE(image.config().diff_ids.size() == expected["diff_ids"].size());
  for (std::size_t i = 0; i < image.layer_count(); ++i) {
    CAPTURE(i);
    const json& want = expected["layers"][i];
    const Layer& layer = image.layer(i);
    // The oracle hashed the inflated tar itself: the config's diff_id is right, and imgslim has it.
    CHECK(want["tar_digest"] == expected["diff_ids"][i]);
    CHECK(layer.diff_id().str() == want["tar_digest"].get<std::string>());
    CHECK(layer.descriptor().size == want["blob_size"].get<std::int64_t>());
    CHECK(layer.descriptor().digest.str() == want["blob_digest"].get<std::string>());
    json entries = json::array();
    const LayerStats stats = read_layer(layer, true, [&](const TarEntry& e, EntryContent*) {
      entries.push_back({e.path, std::string(1, type_letter(e.type)), e.type == EntryType::File ? e.size : 0});
    });
    CHECK(stats.compressed_bytes == want["blob_size"].get<std::uint64_t>());
    CHECK(stats.compression == "gzip");
    CHECK(entries == want["entries"]);
    CHECK(stats.entries == want["entries"].size());
  }
}

}  // namespace

TEST_CASE("dive's kaniko archive: 14 gzip layers read as Python's tarfile reads them") {
  const std::string path = dive_archive("test-kaniko-image.tar");
  const json expected = oracle(path);
  REQUIRE(expected["format"] == "docker-archive");
  REQUIRE(expected["layers"].size() == 14);
  // The figures the oracle reads from dive's file, pinned so that a change of the file shows.
  CHECK(expected["config_digest"] == "sha256:ae16a51058a758c7963b2f9b23d1acfa201ce9cbefc8cb93845f8cd934fb144d");
  CHECK(expected["layers"][0]["entries"].size() == 421);
  CHECK(expected["layers"][0]["tar_bytes"] == 1449984);

  for (const std::string& ref : {"docker-archive:" + path, path, "docker-archive:" + path + ":dive-test:kaniko-latest"}) {
    CAPTURE(ref);
    auto image = open_image(ref);
    CHECK(image->digest().str() == expected["config_digest"].get<std::string>());  // the image ID
    CHECK(image->manifest().layers[0].media_type == media::kDockerLayerGzip);
    CHECK(image->config().history.size() == 15);
    check_layers(*image, expected);
  }
}

TEST_CASE("dive's eStargz archive: four gzip members, the TOC after the tar end, read as Python reads it") {
  const std::string path = dive_archive("test-oci-estargz-image.tar");
  const json expected = oracle(path);
  REQUIRE(expected["format"] == "oci-archive");
  REQUIRE(expected["layers"].size() == 1);
  const json& layer = expected["layers"][0];
  CHECK(layer["gzip_members"] == 4);
  CHECK(layer["tar_bytes"] == 14848);  // as the manifest's io.containers.estargz.uncompressed-size says
  CHECK(layer["entries"] == json::parse(R"([["README.md", "f", 11189]])"));

  OpenOptions arm64;
  arm64.platform = "linux/arm64";
  for (const std::string& ref : {"oci-archive:" + path, path}) {
    CAPTURE(ref);
    auto image = open_image(ref, arm64);
    CHECK(image->config().platform.str() == "linux/arm64");
    CHECK(image->manifest().layers[0].annotations.at("io.containers.estargz.uncompressed-size") == "14848");
    check_layers(*image, expected);
    // The only image is linux/arm64: another platform is a clear error.
    OpenOptions amd64;
    amd64.platform = "linux/amd64";
    CHECK_THROWS_WITH_AS(open_image(ref, amd64), doctest::Contains("no image for platform linux/amd64"),
                         imgslim::Error);
  }
}
