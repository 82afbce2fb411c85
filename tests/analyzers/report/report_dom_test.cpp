// `imgslim report` as a browser renders it: the bundled example image written
// as an OCI layout, reported by the built binary, loaded in headless
// Chromium; the dumped DOM (after the page's scripts ran) shows no
// "[object Object]", "undefined" or "NaN", and every category, layer and file
// figure it shows equals `imgslim analyze --format json`'s. The layer
// explorer's rows are there for the layer the URL names (#layer=N&q=TEXT).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "fixtures/presets.h"
#include "headless_browser.h"
#include "rendered_dom.h"
#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim::analyzers::testing;
using namespace imgslim::testing;
using nlohmann::json;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The data document embedded in a report.
json embedded_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"imgslim-data\">";
  const auto at = html.find(open);
  REQUIRE(at != std::string::npos);
  const auto start = at + open.size();
  return json::parse(html.substr(start, html.find("</script>", start) - start));
}

struct Reported {
  json analysis;  // imgslim analyze --format json
  std::string html_path;
  std::string html;
};

Reported report_of(const imgslim::fixtures::Layout& layout, const std::string& name) {
  const std::string dir = scratch_dir(name);
  const std::string ref = write_fixture(layout, imgslim::fixtures::Form::OciLayout, dir);
  Reported out;
  auto r = run_command(shell_quote(IMGSLIM_BINARY) + " analyze --format json " + shell_quote(ref), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  out.analysis = json::parse(r.out);
  out.html_path = dir + "/report.html";
  r = run_command(shell_quote(IMGSLIM_BINARY) + " report " + shell_quote(ref) + " -o " + shell_quote(out.html_path), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  out.html = slurp(out.html_path);
  return out;
}

void check_figure(const std::map<std::string, ShownFigure>& shown, const std::string& key, const json& value,
                  bool is_size) {
  CAPTURE(key);
  auto it = shown.find(key);
  REQUIRE_MESSAGE(it != shown.end(), "the page shows no figure " << key);
  CHECK(it->second.value == value.dump());
  if (is_size) CHECK_MESSAGE(shows_size(it->second.text, value.get<std::uint64_t>()), it->second.text);
  else CHECK(it->second.text == value.dump());
}

}  // namespace

TEST_CASE("html report: the rendered page shows the JSON's category, layer and file figures, nothing undefined") {
  const Reported rep = report_of(imgslim::fixtures::preset_layout("example"), "report-dom");
  const json& a = rep.analysis;
  auto r = load_in_chromium(rep.html_path);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.dom.find("data-rendered=\"true\"") != std::string::npos);
  CHECK(r.console == "");
  const std::string text = dom_text(r.dom);
  for (const char* bad : {"[object Object]", "undefined", "NaN"}) CHECK_MESSAGE(text.find(bad) == std::string::npos, bad);

  const auto shown = shown_figures(r.dom);
  check_figure(shown, "final_bytes", a.at("final_bytes"), true);
  check_figure(shown, "total_bytes", a.at("total_bytes"), true);
  check_figure(shown, "final_files", a.at("final_files"), false);
  REQUIRE(a.at("categories").size() == 8);
  std::size_t category_layers = 0;
  for (const auto& [id, c] : a.at("categories").items()) {
    check_figure(shown, "category." + id + ".bytes", c.at("bytes"), true);
    check_figure(shown, "category." + id + ".files", c.at("files"), false);
    for (const auto& l : c.at("layers")) {
      check_figure(shown, "category." + id + ".layer." + l.at("index").dump(), l.at("bytes"), true);
      ++category_layers;
    }
  }
  CHECK(category_layers >= 6);  // the example's categories span its layers
  for (const auto& l : a.at("layers")) check_figure(shown, "layer." + l.at("index").dump() + ".size", l.at("size_bytes"), true);
  REQUIRE(a.at("largest_files").size() >= 5);
  for (std::size_t i = 0; i < a.at("largest_files").size() && i < 20; ++i) {
    check_figure(shown, "largest." + std::to_string(i) + ".bytes", a.at("largest_files")[i].at("bytes"), true);
    CHECK(r.dom.find("data-path=\"" + a.at("largest_files")[i].at("path").get<std::string>() + "\"") != std::string::npos);
  }

  // The explorer opens on layer 0: every row of its tree is in the DOM, with the embedded figures.
  const json data = embedded_data(rep.html);
  const json& layer0 = data.at("explorer").at("layers").at(0);
  const auto rows = explorer_rows(r.dom);
  REQUIRE(rows.size() == layer0.size());
  std::uint64_t top = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(rows[i].path);
    CHECK(rows[i].depth == layer0[i][0].get<int>());
    CHECK(rows[i].bytes == layer0[i][3].dump());
    if (rows[i].depth <= 1) CHECK_FALSE(rows[i].hidden);
    if (rows[i].depth == 0) top += layer0[i][3].get<std::uint64_t>();
  }
  CHECK(top == a.at("layers")[0].at("size_bytes").get<std::uint64_t>());
  bool bash_shown = false;
  for (const auto& row : rows)
    if (row.path == "/bin/bash") bash_shown = row.mark == "A" && shows_size(row.bytes_text, 420000) && !row.hidden;
  CHECK(bash_shown);
  check_figure(shown, "explorer.size", a.at("layers")[0].at("size_bytes"), true);
}

TEST_CASE("html report: #layer=N&q=TEXT selects a layer and shows the matching paths") {
  const Reported rep = report_of(imgslim::fixtures::preset_layout("example"), "report-dom-hash");
  const json& a = rep.analysis;
  // The example's `npm install` layer.
  std::size_t install = 0;
  for (const auto& l : a.at("layers"))
    if (l.at("created_by").get<std::string>().find("npm install") != std::string::npos) install = l.at("index");
  REQUIRE(install > 0);
  auto r = load_in_chromium(rep.html_path + "#layer=" + std::to_string(install) + "&q=node_modules/jest");
  REQUIRE(r.exit_code == 0);
  CHECK(r.console == "");
  const auto shown = shown_figures(r.dom);
  check_figure(shown, "explorer.size", a.at("layers")[install].at("size_bytes"), true);
  check_figure(shown, "explorer.added", a.at("layers")[install].at("files_added"), false);
  check_figure(shown, "explorer.hidden", a.at("layers")[install].at("invisible_bytes"), true);
  const auto rows = explorer_rows(r.dom);
  std::size_t visible = 0, matched = 0;
  bool jest_js = false;
  for (const auto& row : rows) {
    CAPTURE(row.path);
    if (row.hidden) continue;
    ++visible;
    // A shown row matches, or is a directory above a match.
    const bool match = row.path.find("node_modules/jest") != std::string::npos;
    matched += match ? 1 : 0;
    CHECK((match || (row.kind == "d" && std::string("/app/node_modules/jest").starts_with(row.path))));
    if (row.path == "/app/node_modules/jest/build/index.js") jest_js = row.mark == "A" && shows_size(row.bytes_text, 150000);
  }
  CHECK(jest_js);
  CHECK(matched >= 4);
  CHECK(visible > matched);
  CHECK(visible < rows.size());
  // The layer's later-hidden bytes (npm's cache, deleted by the build step) are marked on their rows.
  CHECK(r.dom.find("data-path=\"/root/.npm\"") != std::string::npos);
  CHECK(dom_text(r.dom).find("matches in layers #" + std::to_string(install)) != std::string::npos);
}
