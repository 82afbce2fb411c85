#include "analyzers/attribution/rules_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "support/error.h"

namespace imgslim::analyzers {

void apply_rules_config(AttributionRules& rules, std::string_view yaml_text, const std::string& input) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw Error(input, std::string("not valid YAML: ") + e.what());
  }
  if (!root.IsMap()) return;
  YAML::Node sec = root["attribution"];
  if (!sec) return;
  if (!sec.IsMap()) throw Error(input, "attribution: expected a mapping");
  std::vector<PathRule> paths;
  std::vector<PackageRule> pkgs;
  try {
    if (YAML::Node list = sec["rules"]) {
      if (!list.IsSequence()) throw Error(input, "attribution.rules: expected a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        YAML::Node r = list[i];
        std::string where = input + ": attribution.rules[" + std::to_string(i) + "]";
        if (!r.IsMap()) throw Error(where, "expected a mapping with path or package, and category");
        if (!r["category"]) throw Error(where, "missing category");
        std::string cat_text = r["category"].as<std::string>();
        auto cat = parse_category(cat_text);
        if (!cat) throw Error(where, "unknown category '" + cat_text + "'");
        if (*cat == Category::Wasted) throw Error(where, "category 'wasted' is computed from the layers, not assigned");
        std::string group = r["group"] ? r["group"].as<std::string>() : "";
        std::string advice = r["advice"] ? r["advice"].as<std::string>() : "";
        std::string rule = r["rule"] ? r["rule"].as<std::string>() : "";
        if (r["path"] && r["package"]) throw Error(where, "give either path or package, not both");
        if (r["path"]) {
          std::string p = r["path"].as<std::string>();
          while (p.starts_with("/")) p.erase(0, 1);
          if (p.empty()) throw Error(where, "empty path pattern");
          paths.push_back(PathRule{p, *cat, group, rule, advice});
        } else if (r["package"]) {
          std::string eco = r["ecosystem"] ? r["ecosystem"].as<std::string>() : "*";
          if (eco != "*" && eco != "deb" && eco != "apk") throw Error(where, "ecosystem must be deb, apk or *");
          pkgs.push_back(PackageRule{eco, r["package"].as<std::string>(), *cat, group, false});
        } else {
          throw Error(where, "needs path or package");
        }
      }
    }
    if (YAML::Node ts = sec["typescript-sources-are-tooling"]) rules.typescript_sources_are_tooling = ts.as<bool>();
  } catch (const YAML::Exception& e) {
    throw Error(input, std::string("attribution: ") + e.what());
  }
  rules.overrides.prepend(std::move(paths));
  rules.packages.insert(rules.packages.begin(), pkgs.begin(), pkgs.end());
}

AttributionRules load_attribution_rules(const std::string& path) {
  AttributionRules rules = AttributionRules::defaults();
  std::ifstream f(path, std::ios::binary);
  if (!f) return rules;
  std::ostringstream ss;
  ss << f.rdbuf();
  apply_rules_config(rules, ss.str(), path);
  return rules;
}

}  // namespace imgslim::analyzers
