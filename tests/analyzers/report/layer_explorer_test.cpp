// The layer explorer's data: marks, sizes and hidden bytes per layer on the
// whiteouts / overwrite fixtures, and the bound on a generated image of
// 100,000 files: folded rows keep their totals, the report stays small.
#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzers/report/layer_explorer.h"
#include "fixtures/presets.h"
#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
using nlohmann::json;
namespace fx = imgslim::fixtures;

namespace {

// path -> row, with the full path rebuilt from the depths.
std::map<std::string, ExplorerRow> rows_by_path(const LayerTree& tree) {
  std::map<std::string, ExplorerRow> out;
  std::vector<std::string> stack;
  for (const auto& r : tree.rows) {
    stack.resize(r.depth);
    std::string path;
    for (const auto& s : stack) path += "/" + s;
    path += "/" + r.name;
    out[path] = r;
    if (r.kind != 'r') stack.push_back(r.name);
  }
  return out;
}

// Every listed directory's bytes and files are its rows' sums, and the layer's
// top rows add up to `layer_bytes`.
void check_totals(const json& rows, std::uint64_t layer_bytes) {
  std::vector<std::pair<std::size_t, std::array<std::uint64_t, 3>>> open;  // row index, sums below it
  std::uint64_t top = 0;
  auto close_to = [&](std::size_t depth) {
    while (open.size() > depth) {
      const auto [i, sums] = open.back();
      open.pop_back();
      const json& dir = rows[i];
      if (sums[2] == 0 && sums[0] == 0) continue;  // nothing listed below: a leaf directory
      CAPTURE(dir.dump());
      CHECK(sums[0] == dir[3].get<std::uint64_t>());
      CHECK(sums[1] == dir[4].get<std::uint64_t>());
      CHECK(sums[2] == dir[6].get<std::uint64_t>());
    }
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const json& r = rows[i];
    const auto depth = r[0].get<std::size_t>();
    close_to(depth);
    if (depth == 0) top += r[3].get<std::uint64_t>();
    if (!open.empty()) {
      auto& sums = open.back().second;
      sums[0] += r[3].get<std::uint64_t>();
      sums[1] += r[4].get<std::uint64_t>();
      sums[2] += r[6].get<std::uint64_t>();
    }
    if (r[2].get<std::string>()[0] == 'd') open.push_back({i, {0, 0, 0}});
  }
  close_to(0);
  CHECK(top == layer_bytes);
}

}  // namespace

TEST_CASE("layer explorer: added, modified and removed entries with their sizes and the bytes later layers hide") {
  const std::string dir = scratch_dir("explorer-whiteouts");
  fx::Layout layout;
  layout.add("w", fx::whiteouts_image());
  Analysis a = analyze_ref(write_fixture(layout, fx::Form::OciLayout, dir));
  const LayerExplorer ex = build_layer_explorer(a.scan);
  CHECK(ex.threshold == 0);
  REQUIRE(ex.layers.size() == 3);
  // Layer 0: ADD rootfs; a/f, d/ and r are removed by layer 1, o/old by layer 2's opaque o/.
  auto l0 = rows_by_path(ex.layers[0]);
  CHECK(l0.at("/a/f").mark == 'A');
  CHECK(l0.at("/a/f").bytes == 100);
  CHECK(l0.at("/a/f").hidden == 100);
  CHECK(l0.at("/a/g").hidden == 0);
  CHECK(l0.at("/d").kind == 'd');
  CHECK(l0.at("/d").bytes == 30);
  CHECK(l0.at("/d").hidden == 30);
  CHECK(l0.at("/d").files == 2);
  // Layer 1: the whiteouts, each with what it removes.
  auto l1 = rows_by_path(ex.layers[1]);
  CHECK(l1.at("/a/f").mark == 'D');
  CHECK(l1.at("/a/f").removed == 100);
  CHECK(l1.at("/d").mark == 'D');
  CHECK(l1.at("/d").removed == 30);
  CHECK(l1.at("/r").removed == 8);
  // Layer 2: the opaque o/ removes o/old; r, removed by layer 1, is written again: added.
  auto l2 = rows_by_path(ex.layers[2]);
  CHECK(l2.at("/o").mark == 'D');
  CHECK(l2.at("/o").removed == 30);
  CHECK(l2.at("/o/new").mark == 'A');
  CHECK(l2.at("/r").mark == 'A');
  for (std::size_t l = 0; l < 3; ++l) {
    std::uint64_t removed = 0, added = 0, modified = 0;
    for (const auto& r : ex.layers[l].rows) {
      if (r.mark == 'D') removed += r.removed;
      if (r.kind != 'd') added += r.mark == 'A', modified += r.mark == 'M';
    }
    CHECK(removed == a.scan.layers[l].bytes_removed);
    CHECK(added == a.scan.layers[l].files_added);
    CHECK(modified == a.scan.layers[l].files_modified);
  }
}

TEST_CASE("layer explorer: overwritten files are modified, and hidden in the layer below") {
  const std::string dir = scratch_dir("explorer-overwrite");
  fx::Layout layout;
  layout.add("o", fx::overwrite_image());
  Analysis a = analyze_ref(write_fixture(layout, fx::Form::OciLayout, dir));
  const LayerExplorer ex = build_layer_explorer(a.scan);
  std::uint64_t modified = 0, hidden = 0;
  for (std::size_t l = 0; l < ex.layers.size(); ++l) {
    std::uint64_t layer_hidden = 0;
    for (const auto& r : ex.layers[l].rows) {
      if (r.kind != 'd' && r.mark == 'M') ++modified;
      if (r.depth == 0) layer_hidden += r.hidden;
    }
    CHECK(layer_hidden == a.scan.layers[l].invisible_bytes());
    hidden += layer_hidden;
  }
  std::uint64_t expected_modified = 0;
  for (const auto& l : a.scan.layers) expected_modified += l.files_modified;
  CHECK(expected_modified > 0);
  CHECK(modified == expected_modified);
  CHECK(hidden > 0);
}

TEST_CASE("layer explorer: a 100,000-file image is folded to the row budget, totals kept, the report under 2.5 MB") {
  fx::Image img;
  auto& os = img.layer("/bin/sh -c #(nop) ADD file:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 in / ");
  for (int d = 0; d < 210; ++d)
    for (int f = 0; f < 100; ++f)
      os.sized("usr/lib/pkg" + std::to_string(d) + "/f" + std::to_string(f) + ".so", 50 + (d * 37 + f * 11) % 900,
               static_cast<std::uint32_t>(d * 100 + f));
  auto& deps = img.layer("RUN /bin/sh -c npm install # buildkit");
  for (int p = 0; p < 2000; ++p)
    for (int f = 0; f < 35; ++f)
      deps.sized("app/node_modules/m" + std::to_string(p) + "/lib/f" + std::to_string(f) + ".js",
                 20 + (p * 13 + f * 7) % 400, static_cast<std::uint32_t>(p * 35 + f));
  auto& later = img.layer("RUN /bin/sh -c rm -rf /usr/lib/pkg7 && npm prune # buildkit");
  later.whiteout("usr/lib/pkg7");
  for (int p = 0; p < 500; ++p) later.whiteout("app/node_modules/m" + std::to_string(p));
  for (int f = 0; f < 9000; ++f) later.sized("app/dist/chunk" + std::to_string(f) + ".js", 100 + f % 300, 7000 + f);
  img.layer("COPY big /app/big # buildkit").sized("app/big", 3000000, 5);
  std::size_t files = 0;
  for (const auto& l : img.layers) files += l.entries.size();
  REQUIRE(files >= 100000);

  const std::string dir = scratch_dir("explorer-large");
  fx::Layout layout;
  layout.add("large", img);
  const std::string ref = write_fixture(layout, fx::Form::OciLayout, dir);
  Analysis a = analyze_ref(ref);
  const LayerExplorer ex = build_layer_explorer(a.scan);
  CHECK(ex.threshold > 0);
  CHECK(ex.rows <= ex.row_budget);
  const json j = layer_explorer_json(ex);
  for (std::size_t l = 0; l < a.scan.layers.size(); ++l) {
    CAPTURE(l);
    check_totals(j.at("layers").at(l), a.scan.layers[l].content_bytes);
  }
  // The big file is listed by itself, with its mark.
  auto last = rows_by_path(ex.layers[3]);
  CHECK(last.at("/app/big").bytes == 3000000);
  CHECK(last.at("/app/big").mark == 'A');

  const std::string html = dir + "/report.html";
  auto r = run_command(shell_quote(IMGSLIM_BINARY) + " report " + shell_quote(ref) + " -o " + shell_quote(html), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto bytes = std::filesystem::file_size(html);
  MESSAGE("report of a " << files << "-entry image: " << bytes << " bytes, explorer threshold " << ex.threshold
                         << " B, " << ex.rows << " rows");
  CHECK(bytes < 2500000);
}
