// `imgslim rewrite --measure --build-times` end to end on the naive backend
// with the layer-order rule: each variant's cold build (--no-cache) and its
// rebuild after src/server.ts changed, in a scratch copy; the rewritten
// Dockerfile's rebuild skips `npm ci` and is shorter than its cold build and
// than the naive rebuild; the context, the images and the temporary folder
// are left as they were.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "builder_support.h"
#include "tests/run_command.h"
#include "tree_snapshot.h"

using nlohmann::json;
using imgslim::testing::run;
using imgslim::testing::run_imgslim;
namespace test = imgslim::builder::test;

namespace {

const json& variant(const json& report, const std::string& name) {
  for (const auto& v : report["variants"])
    if (v["name"] == name) return v;
  FAIL("no variant " << name << " in " << report.dump());
  static json none;
  return none;
}

}  // namespace

TEST_CASE("build times: rewrite --measure --build-times, the rewritten backend rebuilds faster than its cold build") {
  auto engine = imgslim::builder::make_docker_engine();
  test::require_prerequisites(*engine);
  const std::string context = test::source("fixtures/apps/backend");
  const auto files_before = test::tree_snapshot(context);
  imgslim::testing::TempDir tmp;
  auto r = run_imgslim({"rewrite", test::source("dockerfiles/templates/backend.Dockerfile"), "--context", context,
                        "--only", "layer-order", "--measure", "--build-times", "--format", "json"},
                       {"TMPDIR=" + tmp.path});
  REQUIRE_MESSAGE(r.exit_code == 0, ("stderr:\n" + r.err + "\nstdout:\n" + r.out));
  auto report = json::parse(r.out);
  CHECK(report["ok"] == true);
  for (const char* name : {"original", "all", "layer-order"}) {
    INFO("variant " << name);
    const auto& t = variant(report, name)["build_times"];
    REQUIRE(t.is_object());
    CHECK(t["method"] == "--no-cache");
    CHECK(t["error"] == "");
    CHECK(t["changed_file"] == "src/server.ts");
    CHECK(t["cold_seconds"].get<double>() > 0);
    CHECK(t["rebuild_seconds"].get<double>() > 0);
  }
  const auto& original = variant(report, "original")["build_times"];
  const auto& rewritten = variant(report, "all")["build_times"];
  // Manifests before the sources: the rebuild reuses `npm ci` and runs only the copy and `tsc`.
  CHECK(rewritten["rebuild_seconds"].get<double>() < rewritten["cold_seconds"].get<double>());
  // The naive Dockerfile copies the sources first: its rebuild installs everything again.
  CHECK(rewritten["rebuild_seconds"].get<double>() < original["rebuild_seconds"].get<double>());
  MESSAGE("original cold " << original["cold_seconds"] << " s, rebuild " << original["rebuild_seconds"]
                           << " s; rewritten cold " << rewritten["cold_seconds"] << " s, rebuild "
                           << rewritten["rebuild_seconds"] << " s");

  CHECK(test::tree_snapshot(context) == files_before);
  CHECK(test::entries_named(tmp.path, "imgslim-context-") == 0);
  auto images = run({"docker", "images", "-q", "--filter",
                     "reference=imgslim-measure/" + report["run_id"].get<std::string>() + ":*"});
  REQUIRE(images.exit_code == 0);
  CHECK(images.out == "");
}
