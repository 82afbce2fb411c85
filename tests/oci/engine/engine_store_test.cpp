// Docker Engine images read from the engine's own store (overlay2, as root
// beside the engine) against the same images read through its export and
// from a `docker save` file: the same bytes, the same JSON; a store that
// does not give back a layer falls back to the export with a note.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analyzers/analysis.h"
#include "analyzers/cache/layer_cache.h"
#include "oci/engine/daemon_image.h"
#include "oci/engine/docker_store.h"
#include "tests/oci/live_env.h"

using namespace imgslim::oci;
using nlohmann::json;

namespace {

const std::string kTag = "imgslim-test/store-engine:1";

OpenOptions reading(const std::string& how) {
  OpenOptions o;
  o.engine_read = how;
  return o;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

// `imgslim analyze` JSON without the field naming the source.
json analysis(const std::string& env, const std::string& ref, const std::string& flags, std::string* err = nullptr) {
  live::TempDir out;
  auto r = live::sh(env + " " + q(IMGSLIM_BINARY) + " analyze " + ref + " --format json -q " + flags + " -o " +
                    q(out.path + "/a.json") + " 2>" + q(out.path + "/err"));
  if (err) *err = live::sh_ok("cat " + q(out.path + "/err"));
  const std::string failure = r.out + live::sh("cat " + q(out.path + "/err")).out;
  REQUIRE_MESSAGE(r.status == 0, failure);
  auto j = json::parse(live::sh_ok("cat " + q(out.path + "/a.json")));
  j.erase("ref");
  return j;
}

// A copy of the engine's store holding only `tag` (config, layer records,
// layer files), as a data root mounted elsewhere would be.
void copy_store(const std::string& tag, const std::string& to) {
  auto info = json::parse(live::sh_ok("docker image inspect " + tag))[0];
  std::string r = live::sh_ok("docker info -f '{{.DockerRootDir}}'");
  while (!r.empty() && r.back() == '\n') r.pop_back();
  const std::string id = info["Id"].get<std::string>().substr(7);
  std::vector<Digest> diff_ids;
  for (const auto& l : info["RootFS"]["Layers"]) diff_ids.push_back(Digest::parse(l.get<std::string>()));
  live::sh_ok("mkdir -p " + q(to + "/image/overlay2/imagedb/content/sha256") + " " + q(to + "/overlay2") + " " +
              q(to + "/image/overlay2/layerdb/sha256"));
  live::sh_ok("cp " + q(r + "/image/overlay2/imagedb/content/sha256/" + id) + " " +
              q(to + "/image/overlay2/imagedb/content/sha256/"));
  for (const auto& chain : chain_ids(diff_ids)) {
    const std::string layer = r + "/image/overlay2/layerdb/sha256/" + chain.hex;
    live::sh_ok("cp -a " + q(layer) + " " + q(to + "/image/overlay2/layerdb/sha256/"));
    std::string cache_id = live::sh_ok("cat " + q(layer + "/cache-id"));
    live::sh_ok("mkdir -p " + q(to + "/overlay2/" + cache_id) + " && cp -a " + q(r + "/overlay2/" + cache_id + "/diff") +
                " " + q(to + "/overlay2/" + cache_id + "/"));
  }
}

}  // namespace

TEST_CASE("engine store: every layer rebuilt from the store is the export's, byte for byte") {
  live::build_sample_image(kTag);
  auto store = open_engine_image(kTag, kTag, EngineKind::Docker, reading("store"));
  auto exported = open_engine_image(kTag, kTag, EngineKind::Docker, reading("export"));
  // The store gives the config at once; the export only after its stream.
  REQUIRE(!store->raw_config().empty());
  CHECK(sha256_of(store->raw_config()) == store->digest());
  auto a = live::stream_all(*store, 2);
  auto b = live::stream_all(*exported);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].digest == b[i].digest);
    CHECK(a[i].bytes == b[i].bytes);
    CHECK(store->layer(i).descriptor().size == exported->layer(i).descriptor().size);
  }
  CHECK(store->raw_config() == exported->raw_config());
  CHECK(store->digest() == exported->digest());
}

TEST_CASE("engine store: store, export, docker save file and warm cache give the same analysis") {
  live::build_sample_image(kTag);
  live::TempDir dir;
  const std::string env = "XDG_CACHE_HOME=" + q(dir.path + "/xdg");
  live::sh_ok("docker save " + kTag + " -o " + q(dir.path + "/img.tar"));
  std::string err;
  json store = analysis(env, kTag, "--engine-read store --no-cache", &err);
  CHECK(err.empty());
  json exported = analysis(env, kTag, "--engine-read export --no-cache");
  json file = analysis(env, "docker-archive:" + dir.path + "/img.tar", "--no-cache");
  CHECK(store == exported);
  CHECK(store == file);
  // Cold (fills the cache from the store), then warm: the same.
  CHECK(analysis(env, kTag, "--engine-read store") == store);
  CHECK(analysis(env, kTag, "--engine-read store", &err) == store);
  CHECK(err.empty());
}

TEST_CASE("engine store: a store that does not give back a layer falls back to the export with a note") {
  live::build_sample_image(kTag);
  live::TempDir dir;
  copy_store(kTag, dir.path + "/root");
  // Empty one big file (big.txt or copy.txt) in the copy: its layer's tar no longer hashes to the diff_id.
  const std::string victim = live::sh_ok("find " + q(dir.path + "/root/overlay2") + " -type f -size +100k | head -n 1");
  REQUIRE(!victim.empty());
  live::sh_ok("truncate -s 0 " + q(victim.substr(0, victim.size() - 1)));
  const std::string env = "XDG_CACHE_HOME=" + q(dir.path + "/xdg") + " IMGSLIM_DOCKER_ROOT=" + q(dir.path + "/root");

  json intact = analysis("XDG_CACHE_HOME=" + q(dir.path + "/xdg"), kTag, "--engine-read export --no-cache");
  std::string err;
  json fallback = analysis(env, kTag, "--no-cache", &err);
  CHECK(fallback == intact);
  CAPTURE(err);
  CHECK(err.rfind("note: " + kTag + ": reading the engine's export (as slow as docker save): layer ", 0) == 0);
  CHECK(err.find("shorter in the store than in the layer") != std::string::npos);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);

  auto strict = live::sh(env + " " + q(IMGSLIM_BINARY) + " analyze " + kTag + " -q --no-cache --engine-read store");
  CHECK(strict.status != 0);
  CHECK(strict.out.rfind("imgslim: " + kTag + ": the engine's store does not give back layer ", 0) == 0);
  CHECK(std::count(strict.out.begin(), strict.out.end(), '\n') == 1);
}

TEST_CASE("engine store: an unreadable store is a note and the export, or an error with --engine-read store") {
  live::build_sample_image(kTag);
  live::TempDir dir;
  const std::string env = "XDG_CACHE_HOME=" + q(dir.path + "/xdg") + " IMGSLIM_DOCKER_ROOT=" + q(dir.path + "/none");
  std::string err;
  json fallback = analysis(env, kTag, "--no-cache", &err);
  CHECK(fallback == analysis(env, kTag, "--no-cache --engine-read export"));
  CHECK(err.find("note: " + kTag + ": reading the engine's export") == 0);
  CHECK(err.find(dir.path + "/none/image/overlay2/imagedb/content/sha256/") != std::string::npos);
  auto strict = live::sh(env + " " + q(IMGSLIM_BINARY) + " analyze " + kTag + " -q --no-cache --engine-read store");
  CHECK(strict.status == 2);
  CHECK(strict.out.rfind("imgslim: " + kTag + ": cannot read the engine's store: ", 0) == 0);
}

TEST_CASE("engine store: a fully cached engine image starts no export") {
  live::build_sample_image(kTag);
  live::TempDir dir;
  imgslim::analyzers::LayerCache cache({dir.path + "/cache", imgslim::analyzers::kDefaultCacheMaxBytes});
  imgslim::analyzers::ScanOptions scan;
  scan.cache = &cache;
  auto cold = open_engine_image(kTag, kTag, EngineKind::Docker, reading("export"));
  auto first = imgslim::analyzers::analyze_image(*cold, scan);
  CHECK(!cold->raw_config().empty());  // the export ran: its config replaced the inspect's
  auto warm = open_engine_image(kTag, kTag, EngineKind::Docker, reading("export"));
  auto second = imgslim::analyzers::analyze_image(*warm, scan);
  CHECK(warm->raw_config().empty());  // no export
  CHECK(cache.hits() == warm->layer_count());
  CHECK(second.scan.total_bytes() == first.scan.total_bytes());
  CHECK(second.waste.reclaimable_bytes == first.waste.reclaimable_bytes);
  REQUIRE(second.scan.layers.size() == first.scan.layers.size());
  for (std::size_t i = 0; i < first.scan.layers.size(); ++i) {
    CAPTURE(i);
    CHECK(second.scan.layers[i].tar_bytes == first.scan.layers[i].tar_bytes);
    CHECK(second.scan.layers[i].descriptor.size == first.scan.layers[i].descriptor.size);
    CHECK(second.scan.layers[i].content_bytes == first.scan.layers[i].content_bytes);
  }
}
