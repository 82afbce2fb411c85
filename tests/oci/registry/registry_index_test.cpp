// A manifest list with two platforms, pushed with `skopeo copy --all` from
// an OCI layout made here (the sample image as linux/amd64, and the same
// layers with an arm64 config), resolved with --platform.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/oci/live_env.h"
#include "oci/model/digest.h"
#include "oci/registry/registry_image.h"
#include "tests/run_command.h"

using namespace imgslim::oci;
using nlohmann::json;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes a blob into the layout; returns its descriptor (without platform).
json put_blob(const live::TempDir& dir, const std::string& media_type, const std::string& content) {
  Digest d = sha256_of(content);
  dir.write("layout/blobs/sha256/" + d.hex, content);
  return {{"mediaType", media_type}, {"digest", d.str()}, {"size", content.size()}};
}

// Pushes 127.0.0.1:5000/live/multi:1; returns {amd64 manifest digest, arm64 manifest digest}.
std::pair<std::string, std::string> push_two_platforms() {
  const std::string source = "imgslim-test/live-index:1";
  live::build_sample_image(source);
  live::TempDir dir;
  live::sh_ok("skopeo copy -q docker-daemon:" + source + " oci:" + dir.path + "/layout:single");
  json index = json::parse(slurp(dir.path + "/layout/index.json"));
  json amd_desc = index["manifests"][0];
  std::string amd_hex = amd_desc["digest"].get<std::string>().substr(7);
  json manifest = json::parse(slurp(dir.path + "/layout/blobs/sha256/" + amd_hex));
  json config = json::parse(slurp(dir.path + "/layout/blobs/sha256/" +
                                  manifest["config"]["digest"].get<std::string>().substr(7)));
  config["architecture"] = "arm64";
  config["variant"] = "v8";
  manifest["config"] = put_blob(dir, manifest["config"]["mediaType"], config.dump());
  json arm_desc = put_blob(dir, manifest["mediaType"], manifest.dump());
  amd_desc.erase("annotations");
  amd_desc["platform"] = {{"os", "linux"}, {"architecture", "amd64"}};
  arm_desc["platform"] = {{"os", "linux"}, {"architecture", "arm64"}, {"variant", "v8"}};
  json list = {{"schemaVersion", 2},
               {"mediaType", "application/vnd.oci.image.index.v1+json"},
               {"manifests", json::array({amd_desc, arm_desc})}};
  json list_desc = put_blob(dir, "application/vnd.oci.image.index.v1+json", list.dump());
  list_desc["annotations"] = {{"org.opencontainers.image.ref.name", "multi"}};
  index["manifests"] = json::array({list_desc});
  dir.write("layout/index.json", index.dump());
  live::sh_ok("skopeo copy -q --all --dest-tls-verify=false oci:" + dir.path +
              "/layout:multi docker://127.0.0.1:5000/live/multi:1");
  return {amd_desc["digest"], arm_desc["digest"]};
}

}  // namespace

TEST_CASE("registry: a manifest list with two platforms is resolved by --platform") {
  REQUIRE(live::registry_up(5000));
  auto [amd, arm] = push_two_platforms();

  OpenOptions opts;
  opts.platform = "linux/arm64";
  auto image = open_registry_image("x", "127.0.0.1:5000/live/multi:1", opts);
  CHECK(image->digest().str() == arm);
  CHECK(image->config().platform.architecture == "arm64");
  CHECK(live::stream_all(*image, 2).size() == image->layer_count());

  opts.platform = "linux/amd64";
  image = open_registry_image("x", "127.0.0.1:5000/live/multi:1", opts);
  CHECK(image->digest().str() == amd);
  CHECK(image->config().platform.architecture == "amd64");

  opts.platform = "linux/s390x";
  std::string msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5000/live/multi:1", opts); });
  CHECK(msg ==
        "127.0.0.1:5000/live/multi:1: no linux/s390x image in this index (it has linux/amd64, linux/arm64/v8); "
        "choose one with --platform");
}

namespace {

// Pushes 127.0.0.1:5000/live/one-platform:TAG: an index of dive's arm64-only
// OCI test image; with `extra`, a second entry (the same layers under an
// `extra` config) beside it. Returns the arm64 manifest digest.
std::string push_dive_index(const std::string& tag, const std::string& extra = "") {
  const std::string archive = std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/test-oci-gzip-image.tar";
  REQUIRE_MESSAGE(std::ifstream(archive).good(), "dive's test archive is missing: " << archive);
  live::TempDir dir;
  live::sh_ok("mkdir -p " + dir.path + "/layout && tar -xf " + archive + " -C " + dir.path + "/layout");
  json top = json::parse(slurp(dir.path + "/layout/index.json"));
  json arm_desc = top["manifests"][0];
  json entries = json::array({arm_desc});
  if (!extra.empty()) {
    const auto p = imgslim::oci::Platform::parse(extra);
    json manifest = json::parse(slurp(dir.path + "/layout/blobs/sha256/" +
                                      arm_desc["digest"].get<std::string>().substr(7)));
    json config = json::parse(slurp(dir.path + "/layout/blobs/sha256/" +
                                    manifest["config"]["digest"].get<std::string>().substr(7)));
    config["architecture"] = p.architecture;
    manifest["config"] = put_blob(dir, manifest["config"]["mediaType"], config.dump());
    json other = put_blob(dir, manifest["mediaType"], manifest.dump());
    other["platform"] = {{"os", p.os}, {"architecture", p.architecture}};
    entries.push_back(other);
  }
  json list = {{"schemaVersion", 2}, {"mediaType", "application/vnd.oci.image.index.v1+json"}, {"manifests", entries}};
  json list_desc = put_blob(dir, "application/vnd.oci.image.index.v1+json", list.dump());
  list_desc["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
  top["manifests"] = json::array({list_desc});
  dir.write("layout/index.json", top.dump());
  live::sh_ok("skopeo copy -q --all --dest-tls-verify=false oci:" + dir.path + "/layout:" + tag +
              " docker://127.0.0.1:5000/live/one-platform:" + tag);
  return arm_desc["digest"];
}

}  // namespace

TEST_CASE("registry: an index with one foreign platform is read with a note, two foreign ones are an error") {
  REQUIRE(live::registry_up(5000));
  REQUIRE_MESSAGE(!Platform::parse("linux/arm64").satisfies(Platform::host()),
                  "this test needs a host that is not arm64, it is " << Platform::host().str());
  const std::string arm = push_dive_index("single");
  auto image = open_registry_image("x", "127.0.0.1:5000/live/one-platform:single", {});
  CHECK(image->digest().str() == arm);
  CHECK(image->config().platform.str() == "linux/arm64");
  CHECK(image->notes() == std::vector<std::string>{"only platform linux/arm64 present"});
  CHECK(live::stream_all(*image, 2).size() == image->layer_count());

  auto r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--tls-verify=false", "--format", "json",
                                  "docker://127.0.0.1:5000/live/one-platform:single"});
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("note: docker://127.0.0.1:5000/live/one-platform:single: only platform linux/arm64 present\n") !=
        std::string::npos);

  push_dive_index("two", "linux/s390x");
  std::string msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5000/live/one-platform:two", {}); });
  CHECK(msg == "127.0.0.1:5000/live/one-platform:two: no " + Platform::host().str() +
                   " image in this index (it has linux/arm64, linux/s390x); choose one with --platform");
}
