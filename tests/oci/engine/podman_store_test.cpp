// Podman images read from its own store (containers-storage, overlay, as root
// beside the Podman service) against the same images through its export and
// from a `docker save` file: the same bytes, the same JSON; an unreadable or
// damaged store falls back to the export with a note.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "oci/engine/daemon_image.h"
#include "oci/engine/podman_store.h"
#include "tests/oci/live_env.h"

using namespace imgslim::oci;
using nlohmann::json;

namespace {

const std::string kPodmanTag = "imgslim-test/store-podman:1";

std::string sq(const std::string& s) { return "'" + s + "'"; }

void require_podman() {
  REQUIRE_MESSAGE(live::sh("curl -s --unix-socket /run/podman/podman.sock http://d/_ping").out == "OK",
                  "the Podman service is not running (scripts/services/25-podman.sh start)");
}

// The sample image, built by the Docker engine and loaded into Podman.
void podman_sample() {
  require_podman();
  live::build_sample_image(kPodmanTag);
  live::sh_ok("docker save " + kPodmanTag + " | podman load -q");
}

OpenOptions read_with(const std::string& how) {
  OpenOptions o;
  o.engine_read = how;
  return o;
}

// `imgslim analyze` JSON without the field naming the source.
json analyze_json(const std::string& env, const std::string& ref, const std::string& flags, std::string* err = nullptr) {
  live::TempDir out;
  auto r = live::sh(env + " " + sq(IMGSLIM_BINARY) + " analyze " + ref + " --format json -q --no-cache " + flags +
                    " -o " + sq(out.path + "/a.json") + " 2>" + sq(out.path + "/err"));
  if (err) *err = live::sh_ok("cat " + sq(out.path + "/err"));
  const std::string failure = r.out + live::sh("cat " + sq(out.path + "/err")).out;
  REQUIRE_MESSAGE(r.status == 0, failure);
  auto j = json::parse(live::sh_ok("cat " + sq(out.path + "/a.json")));
  j.erase("ref");
  return j;
}

}  // namespace

TEST_CASE("podman store: big-data file names are containers-storage's") {
  CHECK(big_data_file_name("manifest") == "manifest");
  CHECK(big_data_file_name("sha256:5ff019a31004a2c17ebea44f78be8be5c7aee3eadf5703e4b078915a299fc184") ==
        "=c2hhMjU2OjVmZjAxOWEzMTAwNGEyYzE3ZWJlYTQ0Zjc4YmU4YmU1YzdhZWUzZWFkZjU3MDNlNGIwNzg5MTVhMjk5ZmMxODQ=");
}

TEST_CASE("podman store: every layer rebuilt from Podman's store is its export's, byte for byte") {
  podman_sample();
  auto store = open_engine_image("podman:" + kPodmanTag, kPodmanTag, EngineKind::Podman, read_with("store"));
  auto exported = open_engine_image("podman:" + kPodmanTag, kPodmanTag, EngineKind::Podman, read_with("export"));
  REQUIRE(!store->raw_config().empty());
  CHECK(sha256_of(store->raw_config()) == store->digest());
  auto a = live::stream_all(*store, 2);
  auto b = live::stream_all(*exported);
  REQUIRE(a.size() == b.size());
  REQUIRE(a.size() >= 4);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].digest == b[i].digest);
    CHECK(a[i].bytes == b[i].bytes);
  }
  CHECK(store->raw_config() == exported->raw_config());
}

TEST_CASE("podman store: store, export and docker save file give the same analysis") {
  podman_sample();
  live::TempDir dir;
  live::sh_ok("docker save " + kPodmanTag + " -o " + sq(dir.path + "/img.tar"));
  const std::string env = "XDG_CACHE_HOME=" + sq(dir.path + "/xdg");
  std::string err;
  json store = analyze_json(env, "podman:" + kPodmanTag, "--engine-read store", &err);
  CHECK(err.empty());
  CHECK(store == analyze_json(env, "podman:" + kPodmanTag, "--engine-read export"));
  CHECK(store == analyze_json(env, "docker-archive:" + dir.path + "/img.tar", ""));
}

TEST_CASE("podman store: a damaged copy of the store falls back to the export with a note, or fails with --engine-read store") {
  podman_sample();
  live::TempDir dir;
  // A copy of the store as a mounted graph root; the image's big files emptied.
  const std::string root = dir.path + "/root";
  live::sh_ok("mkdir -p " + sq(root) + " && cp -a /var/lib/containers/storage/overlay-images "
              "/var/lib/containers/storage/overlay-layers /var/lib/containers/storage/overlay " + sq(root + "/"));
  // copy.txt and big.txt (300 kB each) of the sample image's layers.
  const std::string emptied = live::sh_ok("find " + sq(root + "/overlay") +
                                          " -path '*/diff/app/*.txt' -size +100k -print -exec truncate -s 0 {} +");
  REQUIRE(!emptied.empty());
  const std::string env = "XDG_CACHE_HOME=" + sq(dir.path + "/xdg") + " IMGSLIM_PODMAN_ROOT=" + sq(root);
  std::string err;
  json fallback = analyze_json(env, "podman:" + kPodmanTag, "", &err);
  CHECK(fallback == analyze_json(env, "podman:" + kPodmanTag, "--engine-read export"));
  CAPTURE(err);
  CHECK(err.rfind("note: podman:" + kPodmanTag + ": reading the engine's export (as slow as docker save): layer ", 0) == 0);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  auto strict = live::sh(env + " " + sq(IMGSLIM_BINARY) + " analyze podman:" + kPodmanTag +
                         " -q --no-cache --engine-read store");
  CHECK(strict.status == 2);
  CHECK(strict.out.find("the engine's store does not give back layer ") != std::string::npos);

  // A graph root that does not exist: the export, said once.
  const std::string none = "XDG_CACHE_HOME=" + sq(dir.path + "/xdg") + " IMGSLIM_PODMAN_ROOT=" + sq(dir.path + "/none");
  json noted = analyze_json(none, "podman:" + kPodmanTag, "", &err);
  CHECK(noted == fallback);
  CHECK(err.find(dir.path + "/none/overlay-images/images.json") != std::string::npos);
}
