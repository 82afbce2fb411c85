#include <doctest/doctest.h>

#include <filesystem>

#include "oci/image.h"
#include "oci/layers/layer_reader.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;

namespace {

std::vector<LayerBlob> app_layers() {
  return {gzip_layer(TarBuilder().dir("app").file("app/server.js", "listen(3000)\n").file("app/big", std::string(5000, 'b')).finish()),
          plain_layer(TarBuilder().file("app/big", "small now").file("app/.wh.server.js", "").finish()),
          zstd_layer(TarBuilder().file("etc/motd", "hello").finish())};
}

// Every entry of every layer, as "layer:path:size:content".
std::vector<std::string> all_entries(const Image& image, bool verify = true) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < image.layer_count(); ++i) {
    read_layer(image.layer(i), verify, [&](const TarEntry& e, EntryContent* c) {
      std::string content;
      char buf[4096];
      if (c)
        while (std::size_t n = c->read(buf, sizeof buf)) content.append(buf, n);
      out.push_back(std::to_string(i) + ":" + e.path + ":" + std::to_string(e.size) + ":" + content);
    });
  }
  return out;
}

const std::vector<std::string> kAppEntries = {"0:app:0:", "0:app/server.js:13:listen(3000)\n",
                                              "0:app/big:5000:" + std::string(5000, 'b'), "1:app/big:9:small now",
                                              "1:app/.wh.server.js:0:", "2:etc/motd:5:hello"};

}  // namespace

TEST_CASE("oci layout: one image, config decoded, layers streamed and verified") {
  TempDir dir;
  LayoutWriter w(dir / "layout");
  const auto layers = app_layers();
  const Descriptor m = w.image(layers, image_config(layers));
  w.write_index({entry(m, "", "1.0")});
  for (const std::string& ref : std::vector<std::string>{"oci:" + dir / "layout", "oci:" + dir / "layout:1.0", dir / "layout"}) {
    CAPTURE(ref);
    auto image = open_image(ref);
    CHECK(image->ref() == ref);
    CHECK(image->digest() == m.digest);
    CHECK(image->layer_count() == 3);
    CHECK(image->manifest().layers[0].media_type == media::kOciLayerGzip);
    CHECK(image->layer(1).diff_id() == sha256_of(layers[1].tar));
    const ImageConfig& c = image->config();
    CHECK(c.user == "node");
    CHECK(c.cmd == std::vector<std::string>{"node", "server.js"});
    CHECK(c.entrypoint == std::vector<std::string>{"docker-entrypoint.sh"});
    CHECK(c.exposed_ports == std::vector<std::string>{"3000/tcp"});
    CHECK(c.env.size() == 2);
    CHECK(c.working_dir == "/app");
    CHECK(c.labels.at("org.opencontainers.image.title") == "api");
    REQUIRE(c.healthcheck);
    CHECK(c.healthcheck->interval_ns == 30000000000LL);
    CHECK(c.healthcheck->retries == 3);
    CHECK(c.history.size() == 4);
    CHECK(c.history.back().empty_layer);
    CHECK(c.platform.str() == "linux/amd64");
    CHECK(all_entries(*image) == kAppEntries);
  }
  CHECK_THROWS_WITH_AS(open_image("oci:" + dir / "layout:2.0"),
                       doctest::Contains("no image tagged \"2.0\" (available: 1.0)"), imgslim::Error);
}

TEST_CASE("oci layout: a corrupted layer blob is named, --no-verify reads it anyway") {
  TempDir dir;
  LayoutWriter w(dir / "layout");
  const auto layers = app_layers();
  const Descriptor m = w.image(layers, image_config(layers));
  w.write_index({entry(m)});
  // Layer 1 is a plain tar: flip one byte of file content, so the tar still parses.
  auto image = open_image(dir / "layout");
  const std::string blob_file = dir / ("layout/blobs/sha256/" + image->layer(1).descriptor().digest.hex);
  std::string blob = read_file(blob_file);
  const auto pos = blob.find("small now");
  REQUIRE(pos != std::string::npos);
  blob[pos] = 'S';
  write_file(blob_file, blob);
  CHECK_THROWS_WITH_AS(all_entries(*image),
                       doctest::Contains(("layer " + image->layer(1).descriptor().digest.str() + ": digest mismatch").c_str()),
                       imgslim::Error);
  OpenOptions no_verify;
  no_verify.verify = false;
  auto unverified = open_image(dir / "layout", no_verify);
  auto entries = all_entries(*unverified, false);
  CHECK(entries[3] == "1:app/big:9:Small now");
}

TEST_CASE("oci layout: errors for missing pieces and bad documents") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(open_image("oci:" + dir / "nope"), doctest::Contains("no such file or directory"),
                       imgslim::Error);
  std::filesystem::create_directories(dir / "empty");
  CHECK_THROWS_WITH_AS(open_image("oci:" + dir / "empty"), doctest::Contains("no oci-layout"), imgslim::Error);
  CHECK_THROWS_WITH_AS(open_image(dir / "empty"), doctest::Contains("neither oci-layout nor manifest.json"),
                       imgslim::Error);

  LayoutWriter w(dir / "layout");
  const auto layers = app_layers();
  const Descriptor m = w.image(layers, image_config(layers));
  write_file(dir / "layout/index.json", R"({"schemaVersion": 2, "manifests": "oops"})");
  CHECK_THROWS_WITH_AS(open_image(dir / "layout"), doctest::Contains("field \"manifests\" must be an array, not string"),
                       imgslim::Error);
  write_file(dir / "layout/index.json", R"({"schemaVersion": 2, "manifests": [)");
  CHECK_THROWS_WITH_AS(open_image(dir / "layout"), doctest::Contains("index.json: invalid JSON"), imgslim::Error);

  // A manifest whose layer has a media type imgslim does not know.
  nlohmann::json manifest = nlohmann::json::parse(read_file(dir / ("layout/blobs/sha256/" + m.digest.hex)));
  manifest["layers"][0]["mediaType"] = "application/vnd.example.layer.v1+lz4";
  const Descriptor odd = w.blob(manifest.dump(), std::string(media::kOciManifest));
  w.write_index({entry(odd)});
  CHECK_THROWS_WITH_AS(open_image(dir / "layout"),
                       doctest::Contains("unsupported media type \"application/vnd.example.layer.v1+lz4\""),
                       imgslim::Error);

  // An artifact, not an image.
  manifest["layers"][0]["mediaType"] = media::kOciLayerGzip;
  manifest["config"]["mediaType"] = "application/vnd.cncf.helm.config.v1+json";
  w.write_index({entry(w.blob(manifest.dump(), std::string(media::kOciManifest)))});
  CHECK_THROWS_WITH_AS(open_image(dir / "layout"), doctest::Contains("not a container image"), imgslim::Error);

  // A missing layer blob.
  w.write_index({entry(m)});
  std::filesystem::remove(dir / ("layout/blobs/sha256/" + open_image(dir / "layout")->layer(2).descriptor().digest.hex));
  CHECK_THROWS_WITH_AS(open_image(dir / "layout"), doctest::Contains("blob missing"), imgslim::Error);
}
