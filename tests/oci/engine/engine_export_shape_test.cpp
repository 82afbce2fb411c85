// The export shape of Docker 25+ and the containerd image store (OCI
// blobs/, gzip layers, index.json, manifest.json last, legacy dirs as
// symlinks), simulated: written from a real image with skopeo, because the
// engine here (Docker 20.10) exports the legacy shape. Read in one pass as the
// engine source reads an export.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/oci/live_env.h"
#include "oci/engine/export.h"
#include "oci/model/media_types.h"
#include "support/error.h"

using namespace imgslim::oci;
using nlohmann::json;

namespace {

class FileStream : public ByteStream {
 public:
  explicit FileStream(const std::string& path) : f_(std::fopen(path.c_str(), "rb")) { REQUIRE(f_); }
  ~FileStream() override { std::fclose(f_); }
  std::size_t read(void* buf, std::size_t n) override { return std::fread(buf, 1, n, f_); }

 private:
  FILE* f_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes dir/export.tar in the Docker 25+ shape; returns the manifest digest.
std::string make_oci_shaped_export(const live::TempDir& dir, const std::string& tag) {
  live::sh_ok("skopeo copy -q --dest-compress docker-daemon:" + tag + " oci:" + dir.path + "/x:" + "latest");
  json index = json::parse(slurp(dir.path + "/x/index.json"));
  std::string manifest_digest = index["manifests"][0]["digest"];
  json manifest = json::parse(slurp(dir.path + "/x/blobs/sha256/" + manifest_digest.substr(7)));
  json entry = {{"Config", "blobs/sha256/" + manifest["config"]["digest"].get<std::string>().substr(7)},
                {"RepoTags", json::array({tag})},
                {"Layers", json::array()}};
  int n = 0;
  for (const auto& l : manifest["layers"]) {
    std::string hex = l["digest"].get<std::string>().substr(7);
    // Docker 25 lists blobs/ paths; here half go through legacy symlinks to exercise both.
    if (n++ % 2 == 0) {
      entry["Layers"].push_back("blobs/sha256/" + hex);
    } else {
      live::sh_ok("mkdir -p " + dir.path + "/x/legacy" + hex + " && ln -s ../blobs/sha256/" + hex + " " + dir.path +
                  "/x/legacy" + hex + "/layer.tar");
      entry["Layers"].push_back("legacy" + hex + "/layer.tar");
    }
  }
  dir.write("x/manifest.json", json::array({entry}).dump());
  live::sh_ok("cd " + dir.path + "/x && tar -cf ../export.tar blobs legacy* index.json oci-layout manifest.json");
  return manifest_digest;
}

}  // namespace

TEST_CASE("engine export, simulated Docker 25+ shape: gzip blobs and manifest.json last, read in one pass") {
  const std::string tag = "imgslim-test/live-export:1";
  live::build_sample_image(tag);
  live::TempDir dir;
  std::string manifest_digest = make_oci_shaped_export(dir, tag);
  FileStream tar(dir.path + "/export.tar");
  std::vector<std::string> arrivals;
  auto contents = read_export(tar, "export.tar", true, [&](LayerArrival& a) {
    arrivals.push_back(a.name);
    char buf[4096];
    a.blob->read(buf, sizeof buf);  // reads only a little: the rest is drained and verified
  });
  ExportedImage img = assemble_export(contents, "export.tar", tag, true);
  auto want = json::parse(live::sh_ok("docker image inspect " + tag))[0];
  auto diff_ids = want["RootFS"]["Layers"].get<std::vector<std::string>>();
  REQUIRE(img.config.diff_ids.size() == diff_ids.size());
  for (std::size_t i = 0; i < diff_ids.size(); ++i) CHECK(img.config.diff_ids[i].str() == diff_ids[i]);
  CHECK(img.digest == sha256_of(img.raw_config));  // named as a docker-archive names it
  CHECK(img.manifest.annotations.at("org.opencontainers.image.manifest.digest") == manifest_digest);
  CHECK(arrivals.size() == contents.layers.size());
  for (std::size_t i = 0; i < img.manifest.layers.size(); ++i) {
    CAPTURE(i);
    CHECK(img.manifest.layers[i].media_type == media::kDockerLayerGzip);
    CHECK(arrivals.at(img.arrival_of[i]) == img.members[i]);
    CHECK(img.members[i].rfind("blobs/sha256/", 0) == 0);  // links resolved
  }
}

TEST_CASE("engine export, simulated Docker 25+ shape: a corrupted blob fails naming the member") {
  const std::string tag = "imgslim-test/live-export:1";
  live::build_sample_image(tag);
  live::TempDir dir;
  make_oci_shaped_export(dir, tag);
  // Flip one byte inside the first layer blob's data in the tar.
  json manifest = json::parse(slurp(dir.path + "/x/manifest.json"));
  std::string first = manifest[0]["Layers"][0];
  std::string blob = slurp(dir.path + "/x/" + first);
  std::string tarball = slurp(dir.path + "/export.tar");
  auto at = tarball.find(blob.substr(0, 64));
  REQUIRE(at != std::string::npos);
  tarball[at + blob.size() / 2] ^= 0x55;
  dir.write("bad.tar", tarball);
  FileStream tar(dir.path + "/bad.tar");
  std::string msg = live::error_of([&] { read_export(tar, "bad.tar", true, [](LayerArrival&) {}); });
  CHECK(msg.rfind("bad.tar member " + first + ": digest mismatch", 0) == 0);
}

TEST_CASE("engine export, simulated Docker 25+ shape: a stream without manifest.json is an error") {
  live::TempDir dir;
  dir.write("x/hello.txt", "hi");
  live::sh_ok("cd " + dir.path + "/x && tar -cf ../e.tar hello.txt");
  FileStream tar(dir.path + "/e.tar");
  auto contents = read_export(tar, "e.tar", true, [](LayerArrival&) {});
  std::string msg = live::error_of([&] { assemble_export(contents, "e.tar", "x", true); });
  CHECK(msg == "e.tar: the export has no manifest.json");
}
