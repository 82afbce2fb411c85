// The naive frontend (dev server on node:20) against an nginx variant; both
// must serve a client-side route through their SPA fallback.
#include <doctest/doctest.h>

#include "builder/measure.h"
#include "builder_support.h"

using namespace imgslim::builder;

TEST_CASE("measure: naive frontend vs nginx variant serve client-side routes") {
  auto engine = make_docker_engine();
  test::require_prerequisites(*engine);
  MeasureOptions o;
  o.context = test::source("fixtures/apps/frontend");
  o.network = "none";
  o.smoke.url_path = "/items/2";
  o.keep = true;
  auto report = measure_variants(*engine, {{"original", test::source("dockerfiles/templates/frontend.Dockerfile")},
                                           {"nginx", test::variant("frontend-slim.Dockerfile")}}, o);
  INFO(render_measure(report, "text"));
  REQUIRE(report.exit_code() == 0);
  const auto& original = report.variants[0];
  const auto& slim = report.variants[1];
  CHECK(original.facts.exposed_tcp_ports == std::vector<int>{5173});
  CHECK(slim.facts.exposed_tcp_ports == std::vector<int>{80, 8080});  // 80 inherited from nginx:stable
  CHECK(slim.smoke.user == "nginx");
  CHECK(slim.smoke.uid == 101);
  CHECK(slim.facts.size * 100 <= original.facts.size * 15);  // the target: <= 15 %
  // kept: the images are still there, then removed by the test
  for (const auto& v : report.variants) {
    CHECK(engine->inspect_image(v.image).has_value());
    engine->remove_image(v.image);
  }
}
