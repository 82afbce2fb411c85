// A registry image whose layers are all in the layer cache downloads no layer
// blob: after the first analysis the registry loses the blobs (their files
// removed from its storage), and the cached analysis still gives the same
// JSON while an uncached one fails.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>

#include "analyzers/analysis.h"
#include "analyzers/cache/layer_cache.h"
#include "analyzers/report/analysis_report.h"
#include "tests/oci/live_env.h"

using namespace imgslim;

namespace {

std::string random_text(std::size_t n) {
  std::random_device rd;
  std::string s(n, ' ');
  for (auto& c : s) c = char('a' + rd() % 26);
  return s;
}

std::string analyze(const std::string& ref, analyzers::LayerScanStore* cache) {
  auto image = oci::open_image(ref);
  analyzers::ScanOptions scan;
  scan.cache = cache;
  return analyzers::analysis_json_text(analyzers::analyze_image(*image, scan));
}

}  // namespace

TEST_CASE("registry cache: cached layers are not fetched from the registry") {
  REQUIRE(live::registry_up(5000));
  const std::string tag = "imgslim-test/cache-registry:1";
  // Contents of this run only: their blobs are this test's alone, so removing them harms no other test.
  live::build_image(tag, "FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n",
                    {{"a.txt", random_text(40000)}, {"b.txt", random_text(30000)}});
  const std::string dest = "127.0.0.1:5000/imgslim-test/cache-registry:1";
  live::sh_ok("skopeo copy -q --dest-tls-verify=false docker-daemon:" + tag + " docker://" + dest);
  const std::string ref = "docker://" + dest;

  live::TempDir dir;
  analyzers::LayerCache cache({dir.path + "/cache", analyzers::kDefaultCacheMaxBytes});
  const std::string cold = analyze(ref, &cache);
  CHECK(cache.hits() == 0);

  const char* run_dir = std::getenv("IMGSLIM_RUN_DIR");
  const std::string blobs = std::string(run_dir && run_dir[0] ? run_dir : "/tmp/imgslim-services") +
                            "/registry/5000/storage/docker/registry/v2/blobs/sha256/";
  auto image = oci::open_image(ref);
  REQUIRE(image->layer_count() == 2);
  for (std::size_t i = 0; i < image->layer_count(); ++i) {
    const std::string hex = image->layer(i).descriptor().digest.hex;
    live::sh_ok("rm " + blobs + hex.substr(0, 2) + "/" + hex + "/data");
  }
  // The registry has lost them: a read that fetches a layer fails.
  CHECK(live::error_of([&] { analyze(ref, nullptr); }).find("sha256:") != std::string::npos);
  // The cache fetches none.
  CHECK(analyze(ref, &cache) == cold);
  CHECK(cache.hits() == 2);
}
