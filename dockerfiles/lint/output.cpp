#include "dockerfiles/lint/output.h"

#include <nlohmann/json.hpp>

#include "support/version.h"

namespace imgslim::dockerfiles {

using nlohmann::json;

std::string format_findings_text(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " + severity_name(f.severity) +
           " [" + f.rule + "] " + f.message + "\n";
    if (!f.fix.empty()) out += "    fix: " + f.fix + "\n";
  }
  std::size_t errors = 0, warnings = 0, infos = 0;
  for (const Finding& f : findings)
    (f.severity == Severity::Error ? errors : f.severity == Severity::Warning ? warnings : infos)++;
  out += std::to_string(findings.size()) + (findings.size() == 1 ? " finding" : " findings") + " (" +
         std::to_string(errors) + " error, " + std::to_string(warnings) + " warning, " + std::to_string(infos) +
         " info)\n";
  return out;
}

std::string format_findings_json(const std::vector<Finding>& findings) {
  json arr = json::array();
  for (const Finding& f : findings)
    arr.push_back({{"rule", f.rule},
                   {"severity", severity_name(f.severity)},
                   {"message", f.message},
                   {"file", f.file},
                   {"line", f.line},
                   {"column", f.column},
                   {"fix", f.fix}});
  return json{{"findings", arr}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {
std::string sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}
}  // namespace

std::string format_findings_sarif(const std::vector<Finding>& findings) {
  json rules = json::array();
  const auto& all = lint_rules();
  for (const RuleInfo& r : all)
    rules.push_back({{"id", r.id},
                     {"name", r.id},
                     {"shortDescription", {{"text", r.summary}}},
                     {"helpUri", "https://github.com/imgslim/imgslim/blob/main/docs/lint-rules.md#" + r.id},
                     {"defaultConfiguration", {{"level", sarif_level(r.severity)}}}});
  json results = json::array();
  for (const Finding& f : findings) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].id == f.rule) index = i;
    results.push_back({{"ruleId", f.rule},
                       {"ruleIndex", index},
                       {"level", sarif_level(f.severity)},
                       {"message", {{"text", f.message + (f.fix.empty() ? "" : " Fix: " + f.fix)}}},
                       {"locations",
                        json::array({{{"physicalLocation",
                                       {{"artifactLocation", {{"uri", f.file}}},
                                        {"region", {{"startLine", f.line}, {"startColumn", f.column}}}}}}})},
                       {"properties", {{"fix", f.fix}}}});
  }
  json sarif{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", json::array({{{"tool",
                                     {{"driver",
                                       {{"name", "imgslim"},
                                        {"version", imgslim::version()},
                                        {"informationUri", "https://github.com/imgslim/imgslim"},
                                        {"rules", rules}}}}},
                                    {"results", results}}})}};
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::dockerfiles
