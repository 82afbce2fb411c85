// The registry source against real Debian docker-registry instances
// (scripts/services/20-registry.sh): anonymous plain http on :5000, htpasswd
// basic auth over TLS with a self-signed certificate on :5001. Images are
// built by the real engine and pushed with skopeo.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "tests/oci/live_env.h"
#include "oci/engine/daemon_image.h"
#include "oci/model/media_types.h"
#include "oci/registry/registry_image.h"

using namespace imgslim::oci;

namespace {

const std::string kSource = "imgslim-test/live-registry:1";
const std::string kUser = "imgslim-user", kPass = "imgslim-pass";

void push(const std::string& dest, const std::string& extra = "") {
  live::build_sample_image(kSource);
  live::sh_ok("skopeo copy -q --dest-tls-verify=false " + extra + " docker-daemon:" + kSource + " docker://" + dest);
}

std::vector<std::string> engine_diff_ids() {
  auto info = nlohmann::json::parse(live::sh_ok("docker image inspect " + kSource))[0];
  return info["RootFS"]["Layers"].get<std::vector<std::string>>();
}

}  // namespace

TEST_CASE("registry: anonymous pull over plain http on loopback, layers streamed in parallel and verified") {
  REQUIRE(live::registry_up(5000));
  push("127.0.0.1:5000/live/anon:1");
  auto image = open_registry_image("docker://127.0.0.1:5000/live/anon:1", "127.0.0.1:5000/live/anon:1", {});
  auto want = engine_diff_ids();
  REQUIRE(image->layer_count() == want.size());
  auto layers = live::stream_all(*image, 3);
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(image->layer(i).diff_id().str() == want[i]);
    CHECK(layers[i].digest == image->layer(i).descriptor().digest.str());
    CHECK(static_cast<std::int64_t>(layers[i].bytes) == image->layer(i).descriptor().size);
  }
  // skopeo keeps the engine's config bytes: same image ID.
  auto info = nlohmann::json::parse(live::sh_ok("docker image inspect " + kSource))[0];
  CHECK(sha256_of(image->raw_config()).str() == info["Id"].get<std::string>());
  // The manifest digest is what the registry serves for the tag.
  std::string served = live::sh_ok(
      "curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "
      "-H 'Accept: application/vnd.oci.image.manifest.v1+json' http://127.0.0.1:5000/v2/live/anon/manifests/1 "
      "| tr -d '\\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'");
  CHECK(image->digest().str() + "\n" == served);
}

TEST_CASE("registry: by digest, and the same image as the engine's") {
  REQUIRE(live::registry_up(5000));
  push("127.0.0.1:5000/live/bydigest:1");
  auto by_tag = open_registry_image("x", "127.0.0.1:5000/live/bydigest:1", {});
  std::string pinned = "127.0.0.1:5000/live/bydigest@" + by_tag->digest().str();
  auto by_digest = open_registry_image("x", pinned, {});
  CHECK(by_digest->digest() == by_tag->digest());
  auto engine = open_engine_image(kSource, kSource, EngineKind::Docker, {});
  live::stream_all(*engine);
  CHECK(engine->raw_config() == by_digest->raw_config());
  CHECK(engine->config().diff_ids == by_digest->config().diff_ids);
}

TEST_CASE("registry: basic auth over TLS with --creds, a self-signed certificate needs --tls-verify=false") {
  REQUIRE(live::registry_up(5001));
  push("127.0.0.1:5001/live/basic:1", "--dest-creds " + kUser + ":" + kPass);
  OpenOptions opts;
  opts.creds = kUser + ":" + kPass;
  // Loopback, but https answers: the certificate must be trusted unless told otherwise.
  std::string msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts); });
  CHECK(msg.rfind("127.0.0.1:5001: TLS with the registry failed: ", 0) == 0);
  CHECK(msg.find("--tls-verify=false") != std::string::npos);

  opts.tls_verify = false;
  auto image = open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts);
  auto layers = live::stream_all(*image, 2);
  CHECK(layers.size() == engine_diff_ids().size());
}

TEST_CASE("registry: a wrong password is one clear 401 error without the password") {
  REQUIRE(live::registry_up(5001));
  push("127.0.0.1:5001/live/basic:1", "--dest-creds " + kUser + ":" + kPass);
  OpenOptions opts;
  opts.tls_verify = false;
  opts.creds = kUser + ":s3cret-Wrong";
  std::string msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts); });
  CHECK(msg ==
        "127.0.0.1:5001/live/basic: access denied with the credentials from --creds (HTTP 401 UNAUTHORIZED: "
        "authentication required)");
  CHECK(msg.find("s3cret") == std::string::npos);

  opts.creds.clear();
  msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts); });
  CHECK(msg.find("127.0.0.1:5001/live/basic: authentication required (HTTP 401); pass --creds") == 0);
}

TEST_CASE("registry: credentials from REGISTRY_AUTH_FILE and DOCKER_CONFIG, never printed") {
  REQUIRE(live::registry_up(5001));
  push("127.0.0.1:5001/live/basic:1", "--dest-creds " + kUser + ":" + kPass);
  live::TempDir dir;
  std::string auth = live::sh_ok("printf '%s' '" + kUser + ":" + kPass + "' | base64 -w0");
  dir.write("auth.json", R"({"auths": {"127.0.0.1:5001": {"auth": ")" + auth + R"("}}})");
  dir.write("docker/config.json", R"({"auths": {"https://127.0.0.1:5001": {"auth": ")" + auth + R"("}}})");
  OpenOptions opts;
  opts.tls_verify = false;

  ::setenv("REGISTRY_AUTH_FILE", (dir.path + "/auth.json").c_str(), 1);
  CHECK(open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts)->layer_count() > 0);
  ::unsetenv("REGISTRY_AUTH_FILE");

  ::setenv("DOCKER_CONFIG", (dir.path + "/docker").c_str(), 1);
  CHECK(open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts)->layer_count() > 0);
  // A wrong stored password: the error names the file, not the secret.
  std::string bad = live::sh_ok("printf '%s' '" + kUser + ":Wr0ngStored' | base64 -w0");
  dir.write("docker/config.json", R"({"auths": {"127.0.0.1:5001": {"auth": ")" + bad + R"("}}})");
  std::string msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5001/live/basic:1", opts); });
  CHECK(msg.find("access denied with the credentials from " + dir.path + "/docker/config.json") != std::string::npos);
  CHECK(msg.find("Wr0ngStored") == std::string::npos);
  CHECK(msg.find(bad) == std::string::npos);
  ::unsetenv("DOCKER_CONFIG");
}

TEST_CASE("registry: a missing tag and a missing repository") {
  REQUIRE(live::registry_up(5000));
  push("127.0.0.1:5000/live/tags:1");
  std::string msg = live::error_of([] { open_registry_image("x", "127.0.0.1:5000/live/tags:nope", {}); });
  CHECK(msg == "127.0.0.1:5000/live/tags:nope: no such tag in the registry (HTTP 404 MANIFEST_UNKNOWN: manifest unknown)");
  msg = live::error_of([] { open_registry_image("x", "127.0.0.1:5000/live/no-such-repo:1", {}); });
  CHECK(msg.rfind("127.0.0.1:5000/live/no-such-repo:1: no such tag in the registry (HTTP 404 ", 0) == 0);
}

TEST_CASE("registry: a blob the registry lost is an error naming the blob") {
  REQUIRE(live::registry_up(5000));
  push("127.0.0.1:5000/live/lostblob:1");
  auto image = open_registry_image("x", "127.0.0.1:5000/live/lostblob:1", {});
  std::string digest = image->layer(image->layer_count() - 1).descriptor().digest.str();
  live::sh_ok("curl -fsS -X DELETE http://127.0.0.1:5000/v2/live/lostblob/blobs/" + digest);
  std::string msg = live::error_of([&] { live::stream_all(*image, 2); });
  CHECK(msg == "127.0.0.1:5000/live/lostblob@" + digest + ": HTTP 404 BLOB_UNKNOWN: blob unknown to registry");
}

TEST_CASE("registry: an unreachable registry") {
  std::string msg = live::error_of([] { open_registry_image("x", "127.0.0.1:1/live/x:1", {}); });
  CHECK(msg.rfind("127.0.0.1:1: cannot reach the registry over https (", 0) == 0);
  OpenOptions strict;
  msg = live::error_of([] { open_registry_image("x", "registry.invalid/live/x:1", {}); });
  CHECK(msg.rfind("registry.invalid: cannot reach the registry: ", 0) == 0);
}
