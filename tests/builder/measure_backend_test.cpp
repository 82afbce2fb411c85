// The naive backend against a hand-written slim variant, a variant that does
// not build and one whose container exits: real builds, real containers.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "builder/measure.h"
#include "builder_support.h"

using namespace imgslim::builder;

TEST_CASE("measure: naive backend vs slim variant, with a broken and an exiting variant") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  MeasureOptions o;
  o.context = test::source("fixtures/apps/backend");
  o.network = "none";
  o.smoke.url_path = "/health";
  std::vector<Variant> variants = {{"original", test::source("dockerfiles/templates/backend.Dockerfile")},
                                   {"slim", test::variant("backend-slim.Dockerfile")},
                                   {"broken", test::variant("broken.Dockerfile")},
                                   {"exits", test::variant("exits.Dockerfile")}};
  auto report = measure_variants(*engine, variants, o);
  REQUIRE(report.variants.size() == 4);
  const auto& original = report.variants[0];
  const auto& slim = report.variants[1];
  INFO(render_measure(report, "text"));

  CHECK(original.ok());
  CHECK(original.facts.size > 800'000'000);  // node:20 + dev dependencies + npm cache
  CHECK(original.smoke.user == "root");
  CHECK(original.smoke.uid == 0);
  CHECK(original.smoke.memory_bytes.value_or(0) > 1'000'000);

  CHECK(slim.ok());
  CHECK(slim.smoke.method == "url");
  CHECK(slim.smoke.user == "node");
  CHECK(slim.smoke.uid == 1000);
  CHECK(slim.facts.size * 100 <= original.facts.size * 30);  // the target: <= 30 %
  CHECK(slim.smoke.startup_seconds > 0);

  CHECK_FALSE(report.variants[2].built);
  CHECK(report.variants[2].error.find("exit code: 7") != std::string::npos);
  CHECK(report.variants[3].built);
  CHECK_FALSE(report.variants[3].smoke.ok);
  CHECK(report.variants[3].smoke.reason.find("exited with code 3") != std::string::npos);
  CHECK(report.variants[3].smoke.reason.find("missing DATABASE_URL") != std::string::npos);
  CHECK(report.exit_code() == 1);

  // images are removed unless kept
  CHECK_FALSE(engine->inspect_image(slim.image).has_value());

  auto text = render_measure(report, "text");
  CHECK(text.find("variant") == 0);
  CHECK(text.find("broken: build failed") != std::string::npos);
  auto json = nlohmann::json::parse(render_measure(report, "json"));
  CHECK(json["schema_version"] == 1);
  CHECK(json["ok"] == false);
  CHECK(json["variants"][1]["size_bytes"] == slim.facts.size);
  CHECK(json["variants"][1]["delta_bytes"].get<std::int64_t>() < -500'000'000);
  CHECK(json["variants"][1]["smoke"]["uid"] == 1000);
  auto md = render_measure(report, "markdown");
  CHECK(md.find("| `slim` |") != std::string::npos);
  CHECK(md.find("<details>") != std::string::npos);
}
