#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "compose/report/report.h"
#include "compose/checks/rules.h"
#include "support/version.h"

namespace imgslim::compose {

std::string render_sarif(const Report& r) {
  nlohmann::json rules = nlohmann::json::array();
  std::set<std::string> used;
  for (const auto& f : r.findings) used.insert(f.rule);
  for (const auto& rule : all_rules()) {
    if (!used.count(rule.id)) continue;
    rules.push_back({{"id", rule.id},
                     {"shortDescription", {{"text", rule.summary}}},
                     {"defaultConfiguration", {{"level", rule.severity == Severity::Info ? "note" : severity_name(rule.severity)}}},
                     {"helpUri", "https://github.com/imgslim/imgslim/blob/main/docs/compose.md#" + rule.id}});
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json region = nlohmann::json::object();
    if (f.where.line > 0) {
      region["startLine"] = f.where.line;
      if (f.where.column > 0) region["startColumn"] = f.where.column;
    }
    std::string uri = f.where.file;
    std::filesystem::path p(uri);
    if (p.is_absolute()) {
      std::error_code ec;
      auto rel = std::filesystem::relative(p, std::filesystem::current_path(), ec);
      if (!ec && !rel.empty() && rel.string().rfind("..", 0) != 0) uri = rel.string();
    }
    nlohmann::json physical = {{"artifactLocation", {{"uri", uri}}}};
    if (!region.empty()) physical["region"] = region;
    nlohmann::json result = {
        {"ruleId", f.rule},
        {"level", f.severity == Severity::Info ? "note" : severity_name(f.severity)},
        {"message", {{"text", (f.service.empty() ? "" : f.service + ": ") + f.message}}},
        {"locations", {{{"physicalLocation", physical}}}},
    };
    if (!f.service.empty()) result["properties"] = {{"service", f.service}};
    results.push_back(result);
  }
  nlohmann::json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", "imgslim"}, {"informationUri", "https://github.com/imgslim/imgslim"},
                               {"version", imgslim::version()}, {"rules", rules}}}}},
         {"results", results}}}},
  };
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::compose
