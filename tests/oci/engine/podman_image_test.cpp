// Podman's Docker-compatible service (scripts/services/25-podman.sh), for
// real: the image is built by the Docker engine and loaded into Podman; its
// export has Podman's own shape (<diff-id>.tar layers, <id>/layer.tar links).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/oci/live_env.h"
#include "oci/engine/daemon_image.h"

using namespace imgslim::oci;

TEST_CASE("podman: an image from the Podman service streams like the engine's") {
  REQUIRE_MESSAGE(live::sh("curl -s --unix-socket /run/podman/podman.sock http://d/_ping").out == "OK",
                  "the Podman service is not running (scripts/services/25-podman.sh start)");
  const std::string tag = "imgslim-test/live-podman:1";
  live::build_sample_image(tag);
  live::sh_ok("docker save " + tag + " | podman load -q");
  auto want = nlohmann::json::parse(live::sh_ok("docker image inspect " + tag))[0];

  auto image = open_engine_image("podman:" + tag, tag, EngineKind::Podman, {});
  auto layers = live::stream_all(*image);
  auto diff_ids = want["RootFS"]["Layers"].get<std::vector<std::string>>();
  REQUIRE(layers.size() == diff_ids.size());
  for (std::size_t i = 0; i < diff_ids.size(); ++i) CHECK(layers[i].digest == diff_ids[i]);
  CHECK(sha256_of(image->raw_config()).str() == want["Id"].get<std::string>());
  CHECK(image->config().working_dir == "/app");
}

TEST_CASE("podman: a missing image names the Podman service") {
  REQUIRE(live::sh("curl -s --unix-socket /run/podman/podman.sock http://d/_ping").out == "OK");
  std::string msg = live::error_of(
      [] { open_engine_image("podman:imgslim-test/nope", "imgslim-test/nope", EngineKind::Podman, {}); });
  CHECK(msg == "image imgslim-test/nope:latest not found in the Podman service at unix:///run/podman/podman.sock");
}
