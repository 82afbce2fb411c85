#include "analyzers/report/html_report.h"

#include <nlohmann/json.hpp>

#include "analyzers/report/html_report_template.h"

namespace imgslim::analyzers {

namespace {

nlohmann::json tree_json(const TreemapNode& n) {
  nlohmann::json j = {{"name", n.name}, {"bytes", n.bytes}, {"category", n.category}};
  if (!n.children.empty()) {
    j["children"] = nlohmann::json::array();
    for (const auto& c : n.children) j["children"].push_back(tree_json(c));
  }
  return j;
}

}  // namespace

std::string json_for_script(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    char c = json_text[i];
    // Inside a JSON string "<" may be written as \u003c: nothing can then
    // close the <script> element or open a comment.
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string render_html_report(const nlohmann::json& analysis, const TreemapNode& root,
                               const nlohmann::json& explorer) {
  nlohmann::json data = {{"analysis", analysis}, {"tree", tree_json(root)}, {"explorer", explorer}};
  // ensure_ascii keeps the document valid whatever bytes file names hold;
  // invalid UTF-8 is replaced rather than thrown on.
  std::string json = json_for_script(data.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
  std::string page = kHtmlReportTemplate;
  static const std::string marker = "@@DATA@@";
  page.replace(page.find(marker), marker.size(), json);
  return page;
}

}  // namespace imgslim::analyzers
