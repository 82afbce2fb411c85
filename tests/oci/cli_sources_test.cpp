// `imgslim analyze` gives the same figures for one image whatever the source
// it is read from: the Docker engine (bare NAME and docker-daemon:), a
// `docker save` archive, OCI layouts made by skopeo (gzip, and zstd in an
// oci-archive) and the registry (docker://). What legitimately differs is how
// the blobs are stored (digest, media type, compressed size) and the ref.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "live_env.h"
#include "tests/run_command.h"

namespace {

using nlohmann::json;

const std::string kTag = "imgslim-test/live-cli-sources:1";

json analyze_json(const std::string& ref) {
  auto r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--format", "json", "--tls-verify=false", ref});
  INFO("imgslim analyze " << ref << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  json doc = json::parse(r.out, nullptr, false);
  REQUIRE(doc.is_object());
  return doc;
}

// The report without what depends on how the blobs are stored.
json storage_independent(json doc) {
  for (const char* key : {"ref", "digest", "compressed_bytes", "compressed_computed"}) doc.erase(key);
  for (auto& l : doc["layers"])
    for (const char* key : {"digest", "media_type", "compressed_bytes", "compressed_computed", "stored_bytes", "compression"})
      l.erase(key);
  return doc;
}

// The engine's own history (GET /images/NAME/history), oldest first:
// (CreatedBy, Size) of every step, including those that made no layer.
std::vector<std::pair<std::string, std::int64_t>> engine_history(const std::string& name) {
  std::string out = live::sh_ok("curl -sf --unix-socket /var/run/docker.sock 'http://localhost/images/" + name +
                                "/history'");
  json hist = json::parse(out, nullptr, false);
  REQUIRE(hist.is_array());
  std::vector<std::pair<std::string, std::int64_t>> steps;
  for (auto it = hist.rbegin(); it != hist.rend(); ++it)
    steps.emplace_back((*it)["CreatedBy"].get<std::string>(), (*it)["Size"].get<std::int64_t>());
  return steps;
}

}  // namespace

TEST_CASE("cli sources: analyze gives identical figures from the engine, docker save, OCI layouts and the registry") {
  live::build_sample_image(kTag);
  live::TempDir dir;
  live::sh_ok("docker save -o " + dir.path + "/saved.tar " + kTag);
  live::sh_ok("skopeo copy -q --dest-compress docker-daemon:" + kTag + " oci:" + dir.path + "/layout:latest");
  live::sh_ok("skopeo copy -q --dest-compress-format zstd docker-daemon:" + kTag + " oci-archive:" + dir.path +
              "/zstd.tar:latest");

  std::vector<std::string> refs = {kTag, "docker-daemon:" + kTag, "docker-archive:" + dir.path + "/saved.tar",
                                   "oci:" + dir.path + "/layout:latest", "oci-archive:" + dir.path + "/zstd.tar"};
  REQUIRE_MESSAGE(live::registry_up(5000), "registry on 127.0.0.1:5000 not running (scripts/services/20-registry.sh)");
  live::sh_ok("skopeo copy -q --dest-tls-verify=false docker-daemon:" + kTag +
              " docker://127.0.0.1:5000/imgslim-test/cli-sources:latest");
  refs.push_back("docker://127.0.0.1:5000/imgslim-test/cli-sources:latest");

  const json first = analyze_json(refs.front());
  CHECK(first["verified"] == true);
  CHECK(first["layers"].size() >= 5);
  CHECK(first["reclaimable_bytes"].get<std::int64_t>() >= 200000);  // the removed blob.bin
  CHECK(first.contains("categories"));
  const json expected = storage_independent(first);
  for (std::size_t i = 1; i < refs.size(); ++i) {
    json doc = analyze_json(refs[i]);
    INFO("source " << refs[i]);
    CHECK(doc["ref"] == refs[i]);
    CHECK(storage_independent(doc) == expected);
  }

  // The zstd and gzip layouts really are compressed; the engine's export is not.
  json zstd = analyze_json(refs[4]);
  CHECK(zstd["layers"][1]["compression"] == "zstd");
  CHECK(zstd["compressed_bytes"].get<std::int64_t>() < zstd["tar_bytes"].get<std::int64_t>());
  CHECK(first["layers"][1]["compression"] == "none");

  // The engine's own per-layer sizes agree for layers made of regular files
  // only (it counts symlink target lengths too, so the busybox base differs).
  // Each layer is paired with the engine's history step of the same CreatedBy, in order.
  auto steps = engine_history(kTag);
  std::size_t next = 0, compared = 0;
  for (std::size_t i = 0; i < first["layers"].size(); ++i) {
    const std::string by = first["layers"][i]["created_by"].get<std::string>();
    while (next < steps.size() && steps[next].first != by) ++next;
    REQUIRE_MESSAGE(next < steps.size(), "no engine history step for layer " << i << ": " << by);
    if (i > 0) {
      INFO("layer " << i << " " << by);
      CHECK(first["layers"][i]["size_bytes"].get<std::int64_t>() == steps[next].second);
      ++compared;
    }
    ++next;
  }
  CHECK(compared + 1 == first["layers"].size());
}

TEST_CASE("cli sources: a missing engine image and an unreachable engine are one clear line each, exit 2") {
  auto r = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "imgslim-test/no-such-image:404"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("imgslim-test/no-such-image:404 not found in the Docker engine at unix:///var/run/docker.sock") !=
        std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  auto u = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "backend:latest"},
                                 {"DOCKER_HOST=unix:///tmp/imgslim-no-engine.sock"});
  CHECK(u.exit_code == 2);
  CHECK(u.err.find("/tmp/imgslim-no-engine.sock") != std::string::npos);
  CHECK(std::count(u.err.begin(), u.err.end(), '\n') == 1);
}

TEST_CASE("cli sources: a progress line on a terminal only, and never with --quiet") {
  live::build_sample_image(kTag);
  // script(1) gives imgslim a pseudo-terminal; its transcript is what a user would see.
  auto tty = imgslim::testing::run(
      {"script", "-qec", std::string(IMGSLIM_BINARY) + " analyze --format json -o /dev/null " + kTag, "/dev/null"});
  REQUIRE(tty.exit_code == 0);
  CHECK(tty.out.find(kTag + "  ") != std::string::npos);
  CHECK(tty.out.find("layers 6/6") != std::string::npos);
  CHECK(tty.out.find("\r\033[K") != std::string::npos);  // the line is redrawn in place, then cleared

  auto quiet = imgslim::testing::run(
      {"script", "-qec", std::string(IMGSLIM_BINARY) + " analyze --quiet --format json -o /dev/null " + kTag,
       "/dev/null"});
  REQUIRE(quiet.exit_code == 0);
  CHECK(quiet.out.find("layers ") == std::string::npos);

  auto piped = imgslim::testing::run({IMGSLIM_BINARY, "analyze", "--format", "json", "-o", "/dev/null", kTag});
  REQUIRE(piped.exit_code == 0);
  CHECK(piped.err.empty());
}
