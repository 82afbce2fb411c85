#include <nlohmann/json.hpp>

#include "analyzers/report/attribution_report.h"

namespace imgslim::analyzers {

void add_attribution_json(nlohmann::json& report, const Attribution& a) {
  using nlohmann::json;
  json cats = json::object();
  for (Category c : kAllCategories) {
    const CategoryTotal& t = a[c];
    json layers = json::array();
    for (std::size_t l = 0; l < t.layer_bytes.size(); ++l) {
      if (t.layer_bytes[l] == 0 && t.layer_files[l] == 0) continue;
      layers.push_back({{"index", l},
                        {"bytes", t.layer_bytes[l]},
                        {"files", t.layer_files[l]},
                        {"created_by", l < a.layer_steps.size() ? a.layer_steps[l] : ""}});
    }
    cats[std::string(category_id(c))] = {{"bytes", t.bytes}, {"files", t.files}, {"layers", std::move(layers)}};
  }
  report["categories"] = std::move(cats);

  json pkgs = json::array();
  for (const PackageAttribution& p : a.packages) {
    json j = {{"ecosystem", p.ecosystem},
              {"name", p.name},
              {"version", p.version},
              {"bytes", p.bytes},
              {"files", p.files},
              {"category", std::string(category_id(p.category))},
              {"layer", p.layer},
              {"created_by", p.layer < a.layer_steps.size() ? a.layer_steps[p.layer] : ""}};
    if (!p.path.empty()) j["path"] = p.path;
    if (!p.via.empty()) j["via"] = p.via;
    pkgs.push_back(std::move(j));
  }
  report["packages"] = std::move(pkgs);

  json findings = json::array();
  for (const Finding& f : a.findings)
    findings.push_back({{"rule", f.rule}, {"bytes", f.bytes}, {"message", f.message}, {"layers", f.layers}});
  report["findings"] = std::move(findings);

  json groups = json::array();
  for (const GroupAttribution& g : a.groups)
    groups.push_back({{"group", g.group},
                      {"category", std::string(category_id(g.category))},
                      {"rule", g.rule},
                      {"bytes", g.bytes},
                      {"files", g.files}});
  report["attribution"] = {{"groups", std::move(groups)}, {"lockfiles", a.lockfiles}, {"notes", a.notes}};
}

}  // namespace imgslim::analyzers
