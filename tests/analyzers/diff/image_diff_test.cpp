#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "analyzers/diff/image_diff.h"

using namespace imgslim::analyzers;

namespace {

DiffSide old_side() {
  DiffSide s;
  s.ref = "backend:main";
  s.final_bytes = 200'000'000;
  s.total_bytes = 210'000'000;
  s.final_files = 4;
  s.layers = {{"sha256:base", "debian rootfs", 150'000'000},
              {"sha256:deps1", "RUN /bin/sh -c npm ci --omit=dev # buildkit", 40'000'000},
              {"sha256:app1", "COPY . . # buildkit", 20'000'000}};
  s.has_categories = true;
  s.categories = {{"os", 150'000'000}, {"runtime-deps", 40'000'000}, {"app", 10'000'000}};
  s.packages = {{"npm", "express", "4.19.2", "runtime-deps", 2'000'000}};
  s.files = {{"app/server.js", 5000}, {"app/big.bin", 3'000'000}, {"usr/bin/node", 100'000'000}, {"app/gone.txt", 10}};
  return s;
}

DiffSide new_side() {
  DiffSide s = old_side();
  s.ref = "backend:pr-42";
  s.final_bytes = 241'000'000;
  s.total_bytes = 251'000'000;
  s.final_files = 5;
  s.layers[1] = {"sha256:deps2", "RUN /bin/sh -c npm ci # buildkit", 81'000'000};
  s.layers[2] = {"sha256:app2", "COPY . . # buildkit", 20'000'000};
  s.layers.push_back({"sha256:extra", "RUN /bin/sh -c touch /x # buildkit", 0});
  s.categories = {{"os", 150'000'000}, {"runtime-deps", 40'000'000}, {"app", 10'000'000}, {"dev-deps", 41'000'000}};
  s.packages = {{"npm", "express", "4.19.2", "runtime-deps", 2'000'000},
                {"npm", "typescript", "5.4.5", "dev-deps", 23'000'000},
                {"npm", "jest", "29.7.0", "dev-deps", 18'000'000}};
  s.files.erase("app/gone.txt");
  s.files["app/big.bin"] = 5'000'000;
  s.files["app/node_modules/typescript/lib/tsc.js"] = 9'000'000;
  s.files["app/server.js"] = 5100;
  return s;
}

}  // namespace

TEST_CASE("diff: overall, layers, categories, packages and files") {
  auto d = diff_images(old_side(), new_side(), 1'000'000);
  CHECK(d.final_delta == 41'000'000);
  CHECK(d.files_delta == 1);
  REQUIRE(d.layers.size() == 5);
  CHECK(d.layers[0].kind == ImageDiff::LayerChange::Same);
  // "npm ci --omit=dev" -> "npm ci": a different instruction, so added + removed.
  CHECK(d.layers[1].kind == ImageDiff::LayerChange::Added);
  CHECK(d.layers[2].kind == ImageDiff::LayerChange::Changed);  // same COPY . ., new content
  CHECK(d.layers[2].old_index == 2u);
  CHECK(d.layers[3].kind == ImageDiff::LayerChange::Added);
  CHECK(d.layers[4].kind == ImageDiff::LayerChange::Removed);
  CHECK(d.layers[4].old_index == 1u);
  CHECK(d.layers[4].delta() == -40'000'000);
  REQUIRE(d.categories.size() == 1);
  CHECK(d.categories[0].category == "dev-deps");
  CHECK(d.categories[0].delta() == 41'000'000);
  REQUIRE(d.packages.size() == 2);
  CHECK(d.packages[0].name == "typescript");
  REQUIRE(d.files.size() == 2);
  CHECK(d.files[0].path == "app/node_modules/typescript/lib/tsc.js");
  CHECK(d.files[0].added);
  CHECK(d.files[1].path == "app/big.bin");
  CHECK(d.files_below_threshold == 2);  // server.js grew 100 B, gone.txt removed

  auto text = render_diff_text(d);
  CHECK(text.find("+41.0 MB dev-deps: typescript 5.4.5 (new) (+23.0 MB), jest 29.7.0 (new) (+18.0 MB)") !=
        std::string::npos);
  CHECK(text.find("final size   200 MB -> 241 MB  +41.0 MB (+20.5 %)") != std::string::npos);
  auto j = nlohmann::json::parse(render_diff_json(d));
  CHECK(j["final_bytes"]["delta"] == 41'000'000);
  CHECK(j["categories"]["dev-deps"]["delta"] == 41'000'000);
  CHECK(j["files"][0]["path"] == "/app/node_modules/typescript/lib/tsc.js");
  CHECK(render_diff_markdown(d).find("**+41.0 MB**") != std::string::npos);
}

TEST_CASE("diff: an image against itself changes nothing") {
  auto d = diff_images(old_side(), old_side(), 0);
  CHECK(d.final_delta == 0);
  CHECK(d.categories.empty());
  CHECK(d.packages.empty());
  CHECK(d.files.empty());
  REQUIRE(d.layers.size() == old_side().layers.size());
  for (const auto& l : d.layers) CHECK(l.kind == ImageDiff::LayerChange::Same);
}
