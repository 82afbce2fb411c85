#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "analyzers/report/html_report.h"
#include "headless_browser.h"

using namespace imgslim::analyzers;

TEST_CASE("html report: hostile names cannot break out of the data block") {
  std::string s = json_for_script(R"({"p":"</script><script>alert(1)</script><!--"})");
  CHECK(s.find("</") == std::string::npos);
  CHECK(s.find("<!--") == std::string::npos);
  CHECK(nlohmann::json::parse(s)["p"] == "</script><script>alert(1)</script><!--");
}

TEST_CASE("html report: renders in a real headless browser without console errors") {
  nlohmann::json a = {{"ref", "backend:latest"}, {"final_bytes", 812000000}, {"total_bytes", 850000000},
                      {"layers", {{{"index", 0}, {"size_bytes", 500000000}, {"created_by", "</script><b>x</b>"}}}},
                      {"categories", {{"os", {{"bytes", 500000000}, {"files", 10},
                                               {"layers", {{{"index", 0}, {"bytes", 500000000}, {"files", 10}}}}}}}}};
  TreemapNode root{"", 812000000, "os",
                   {{"usr", 400000000, "os", {{"lib", 300000000, "os", {}}, {"bin", 100000000, "os", {}}}},
                    {"app", 300000000, "dev-deps", {}},
                    {"var", 100000000, "pm-cache", {}},
                    {"empty", 0, "os", {}}}};
  std::string dir = std::string(IMGSLIM_BUILD_DIR) + "/test-output";
  std::filesystem::create_directories(dir);
  std::string html = dir + "/html_report_unit.html";
  std::ofstream(html) << render_html_report(a, root, nullptr);
  auto r = imgslim::testing::load_in_chromium(html, dir + "/html_report_unit.png");
  REQUIRE(r.exit_code == 0);
  CHECK(r.dom.find("data-rendered=\"true\"") != std::string::npos);
  CHECK(r.console == "");
  // Zero-byte directories get no cell.
  CHECK(imgslim::testing::count_occurrences(r.dom, "class=\"tm tm-top\" data-path=\"/") == 3);
  // The categories-and-packages treemap: one cell for the one category.
  CHECK(imgslim::testing::count_occurrences(r.dom, "class=\"tm tm-top\" data-path=\"os\"") == 1);
  CHECK(r.dom.find("<b>x</b>") == std::string::npos);
  // The categories' layers column names each layer and its bytes (not "[object Object]").
  CHECK(r.dom.find(">#0 <span data-fig=\"category.os.layer.0\" data-value=\"500000000\">500 MB</span></a>") !=
        std::string::npos);
  CHECK(r.dom.find("[object Object]") == std::string::npos);
  CHECK(std::filesystem::file_size(dir + "/html_report_unit.png") > 1000);
}
