// The Docker Engine source against the real engine: images built with
// BuildKit, read through GET /images/get in one streamed pass (the export;
// engine_store_test.cpp reads the engine's store).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/oci/live_env.h"
#include "oci/engine/daemon_image.h"

using namespace imgslim::oci;

namespace {
const std::string kTag = "imgslim-test/live-engine:1";

OpenOptions through_export() {
  OpenOptions o;
  o.engine_read = "export";
  return o;
}

nlohmann::json inspect(const std::string& tag) {
  return nlohmann::json::parse(live::sh_ok("docker image inspect " + tag))[0];
}
}  // namespace

TEST_CASE("engine: an image is streamed once and its layers match the engine's diff_ids") {
  live::build_sample_image(kTag);
  auto info = inspect(kTag);
  auto image = open_engine_image("docker-daemon:" + kTag, kTag, EngineKind::Docker, through_export());
  auto want = info["RootFS"]["Layers"].get<std::vector<std::string>>();
  REQUIRE(image->layer_count() == want.size());
  // Before streaming: the engine's description.
  CHECK(image->digest().str() == info["Id"].get<std::string>());
  CHECK(image->config().platform.architecture == info["Architecture"].get<std::string>());
  CHECK(image->config().working_dir == "/app");
  CHECK(image->raw_config().empty());

  auto layers = live::stream_all(*image);
  REQUIRE(layers.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(layers[i].digest == want[i]);  // legacy export: uncompressed layer.tar = diff_id
    CHECK(image->layer(i).diff_id().str() == want[i]);
    CHECK(image->layer(i).descriptor().digest.str() == want[i]);
    CHECK(image->layer(i).descriptor().size == static_cast<std::int64_t>(layers[i].bytes));
  }
  // After streaming: the exported config itself, whose digest is the image ID.
  CHECK(sha256_of(image->raw_config()).str() == info["Id"].get<std::string>());
  CHECK(image->digest().str() == info["Id"].get<std::string>());
  CHECK(image->config().cmd == std::vector<std::string>{"node", "app.js"});
  std::size_t non_empty = 0;
  for (const auto& h : image->config().history) non_empty += !h.empty_layer;
  CHECK(non_empty == want.size());
}

TEST_CASE("engine: the inspect-derived history marks the same steps empty as the config") {
  live::build_sample_image(kTag);
  auto image = open_engine_image(kTag, kTag, EngineKind::Docker, through_export());
  auto before = image->config().history;
  live::stream_all(*image);
  auto after = image->config().history;
  REQUIRE(before.size() == after.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CAPTURE(after[i].created_by);
    CHECK(before[i].created_by == after[i].created_by);
    CHECK(before[i].empty_layer == after[i].empty_layer);
  }
}

TEST_CASE("engine: open_blob reads one layer through a fresh export") {
  live::build_sample_image(kTag);
  auto image = open_engine_image(kTag, kTag, EngineKind::Docker, through_export());
  std::size_t last = image->layer_count() - 1;
  auto blob = image->layer(last).open_blob();
  Hasher h;
  char buf[65536];
  while (std::size_t n = blob->read(buf, sizeof buf)) h.update(buf, n);
  CHECK(h.finish() == image->layer(last).diff_id());
}

TEST_CASE("engine: a missing image is one clear error naming the engine") {
  std::string msg = live::error_of([] {
    open_engine_image("imgslim-test/does-not-exist", "imgslim-test/does-not-exist", EngineKind::Docker, {});
  });
  CHECK(msg == "image imgslim-test/does-not-exist:latest not found in the Docker engine at unix:///var/run/docker.sock");
}

TEST_CASE("engine: an unreachable engine names the socket and the reason") {
  auto ep = parse_engine_address("unix:///tmp/imgslim-no-such-engine.sock", "DOCKER_HOST", false, true, "");
  std::string msg = live::error_of([&] { open_engine_image_at("x", "x", ep, {}); });
  CHECK(msg ==
        "cannot reach the Docker engine at unix:///tmp/imgslim-no-such-engine.sock (from DOCKER_HOST): "
        "No such file or directory");
  auto tcp = parse_engine_address("tcp://127.0.0.1:1", "DOCKER_HOST", false, true, "");
  msg = live::error_of([&] { open_engine_image_at("x", "x", tcp, {}); });
  CHECK(msg.rfind("cannot reach the Docker engine at tcp://127.0.0.1:1 (from DOCKER_HOST): ", 0) == 0);
  CHECK(msg.find("onnect") != std::string::npos);
}

TEST_CASE("engine: a platform the image is not is refused") {
  live::build_sample_image(kTag);
  OpenOptions opts;
  opts.platform = "linux/s390x";
  std::string msg = live::error_of([&] { open_engine_image(kTag, kTag, EngineKind::Docker, opts); });
  CHECK(msg.find("not linux/s390x") != std::string::npos);
}
