// Point 5 of issue 29: `imgslim diff` reports each version change under the
// category it belongs to. Two engine-built images carry `qs` twice: 6.16.2
// nested under express (a runtime dependency) and 6.17.1 at the top level
// as a dev dependency; the new image drops the dev copy. The runtime copy
// is unchanged, so qs appears once, under dev-deps, and the dev-deps delta
// is exactly the package deltas listed under it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../gate/engine_build.h"
#include "tests/run_command.h"

using imgslim::testing::engine_build;
using imgslim::testing::filler;
using imgslim::testing::run_imgslim;
using nlohmann::json;

TEST_CASE("diff on engine images: a version change under the category it belongs to, deltas adding up") {
  const std::string old_tag = "imgslim-test/diff-categories-old:1", new_tag = "imgslim-test/diff-categories-new:1";
  const std::map<std::string, std::string> files = {
      {"package.json", R"({"name":"api","version":"1.0.0","dependencies":{"express":"4.19.2"},)"
                       R"("devDependencies":{"qs":"6.17.1","jest":"29.7.0"}})"},
      {"server.js", "require('express')\n"},
      {"node_modules/express/package.json", R"({"name":"express","version":"4.19.2","dependencies":{"qs":"6.16.2"}})"},
      {"node_modules/express/index.js", filler(200'000, 1)},
      {"node_modules/express/node_modules/qs/package.json", R"({"name":"qs","version":"6.16.2"})"},
      {"node_modules/express/node_modules/qs/index.js", filler(150'000, 2)},
      {"node_modules/qs/package.json", R"({"name":"qs","version":"6.17.1"})"},
      {"node_modules/qs/index.js", filler(160'000, 3)},
      {"node_modules/jest/package.json", R"({"name":"jest","version":"29.7.0"})"},
      {"node_modules/jest/index.js", filler(300'000, 4)},
  };
  const std::string common = "FROM imgslim-test/busybox:1\nWORKDIR /app\nCOPY package.json server.js ./\n"
                             "COPY node_modules/express ./node_modules/express\n"
                             "COPY node_modules/jest ./node_modules/jest\n";
  engine_build(old_tag, common + "COPY node_modules/qs ./node_modules/qs\n", files);
  engine_build(new_tag, common, files);

  auto r = run_imgslim({"diff", old_tag, new_tag, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json d = json::parse(r.out);
  std::map<std::string, std::int64_t> by_category;
  std::size_t qs_rows = 0;
  for (const auto& p : d["packages"]) {
    INFO(p.dump());
    by_category[p["category"]] += p["delta"].get<std::int64_t>();
    if (p["name"] != "qs") continue;
    ++qs_rows;
    CHECK(p["category"] == "dev-deps");
    CHECK(p["old_version"] == "6.17.1");
    CHECK(p["new_version"] == "");
    CHECK(p["delta"].get<std::int64_t>() < -160'000);
  }
  CHECK(qs_rows == 1);
  // Every dev-deps byte is a package's: the listed deltas are the category's.
  REQUIRE(d["categories"].contains("dev-deps"));
  CHECK(d["categories"]["dev-deps"]["delta"].get<std::int64_t>() == by_category["dev-deps"]);
  CHECK(!d["categories"].contains("runtime-deps"));

  auto text = run_imgslim({"diff", old_tag, new_tag});
  REQUIRE(text.exit_code == 0);
  INFO(text.out);
  CHECK(text.out.find("dev-deps: qs 6.17.1 (removed)") != std::string::npos);
  CHECK(text.out.find("runtime-deps: qs") == std::string::npos);
}
