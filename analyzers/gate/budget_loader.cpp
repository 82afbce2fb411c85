// Reads .imgslim.yaml budgets and dive's .dive-ci rules (yaml-cpp).
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analyzers/gate/budget.h"
#include "support/error.h"
#include "support/glob.h"
#include "support/size.h"

namespace imgslim::analyzers {

namespace {

const std::set<std::string>& category_ids() {
  static const std::set<std::string> ids = {"app", "runtime-deps", "dev-deps", "pm-cache",
                                            "build-tooling", "docs", "os", "wasted"};
  return ids;
}

struct Ctx {
  std::string file;
  std::string where(const YAML::Node& n) const {
    if (n.Mark().is_null()) return file;
    return file + ":" + std::to_string(n.Mark().line + 1);
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& key, const std::string& problem) const {
    throw Error(where(n), key + ": " + problem);
  }
};

// A mapping key as text; a key that is itself a mapping or a list is refused.
std::string key_text(const Ctx& c, const YAML::Node& key) {
  if (!key.IsScalar()) c.fail(key, "key", "mapping keys must be plain names");
  return key.Scalar();
}

std::string scalar(const Ctx& c, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) c.fail(n, key, "expected a single value");
  return n.Scalar();
}

std::uint64_t size_value(const Ctx& c, const YAML::Node& n, const std::string& key) {
  std::string s = scalar(c, n, key);
  auto v = parse_size(s);
  if (!v) c.fail(n, key, "'" + s + "' is not a size (examples: 250MB, 1.5GiB, 0)");
  return *v;
}

// A ratio written as 0.95 or as "95%".
double ratio_value(const Ctx& c, const YAML::Node& n, const std::string& key) {
  std::string s = scalar(c, n, key);
  bool percent = !s.empty() && s.back() == '%';
  std::string num = percent ? s.substr(0, s.size() - 1) : s;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(num, &used);
  } catch (const std::exception&) {
    c.fail(n, key, "'" + s + "' is not a number (examples: 0.95, 95%)");
  }
  if (used != num.size() || !std::isfinite(v)) c.fail(n, key, "'" + s + "' is not a number (examples: 0.95, 95%)");
  if (percent) v /= 100.0;
  if (v < 0 || v > 1) c.fail(n, key, "'" + s + "' is outside 0..1 (or 0%..100%)");
  return v;
}

bool bool_value(const Ctx& c, const YAML::Node& n, const std::string& key) {
  std::string s = scalar(c, n, key);
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  c.fail(n, key, "'" + s + "' is not true or false");
}

std::uint64_t count_value(const Ctx& c, const YAML::Node& n, const std::string& key) {
  std::string s = scalar(c, n, key);
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 9)
    c.fail(n, key, "'" + s + "' is not a whole number");
  return std::stoull(s);
}

GrowthLimit growth_value(const Ctx& c, const YAML::Node& n, const std::string& key) {
  GrowthLimit g;
  g.text = scalar(c, n, key);
  if (!g.text.empty() && g.text.back() == '%') {
    std::string num = g.text.substr(0, g.text.size() - 1);
    std::size_t used = 0;
    double v = -1;
    try {
      v = std::stod(num, &used);
    } catch (const std::exception&) {
    }
    if (used != num.size() || !(v >= 0) || !std::isfinite(v)) c.fail(n, key, "'" + g.text + "' is not a percentage");
    g.ratio = v / 100.0;
    return g;
  }
  std::string s = g.text;
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  auto v = parse_size(s);
  if (!v) c.fail(n, key, "'" + g.text + "' is neither a size (20MB) nor a percentage (10%)");
  g.bytes = *v;
  return g;
}

Budget parse_budget_entry(const Ctx& c, const YAML::Node& entry) {
  if (!entry.IsMap()) c.fail(entry, "budgets", "each entry must be a mapping with an `image:` glob and limits");
  Budget b;
  b.file = c.file;
  b.line = entry.Mark().is_null() ? 0 : entry.Mark().line + 1;
  for (const auto& kv : entry) {
    const std::string key = key_text(c, kv.first);
    const YAML::Node& v = kv.second;
    if (key == "image") b.image = scalar(c, v, key);
    else if (key == "max-size") b.max_size = size_value(c, v, key);
    else if (key == "max-total-size") b.max_total_size = size_value(c, v, key);
    else if (key == "max-compressed-size") b.max_compressed_size = size_value(c, v, key);
    else if (key == "max-layer-size") b.max_layer_size = size_value(c, v, key);
    else if (key == "max-layers") b.max_layers = count_value(c, v, key);
    else if (key == "min-efficiency") b.min_efficiency = ratio_value(c, v, key);
    else if (key == "max-wasted-bytes") b.max_wasted_bytes = size_value(c, v, key);
    else if (key == "max-wasted-percent") b.max_wasted_percent = ratio_value(c, v, key);
    else if (key == "max-reclaimable-bytes") b.max_reclaimable_bytes = size_value(c, v, key);
    else if (key == "max-package-size") b.max_package_size = size_value(c, v, key);
    else if (key == "require-non-root") b.require_non_root = bool_value(c, v, key);
    else if (key == "require-init") b.require_init = bool_value(c, v, key);
    else if (key == "require-healthcheck") b.require_healthcheck = bool_value(c, v, key);
    else if (key == "max-growth") b.max_growth = growth_value(c, v, key);
    else if (key == "forbid-paths") {
      if (v.IsScalar()) b.forbid_paths.push_back(v.Scalar());
      else if (v.IsSequence())
        for (const auto& p : v) b.forbid_paths.push_back(scalar(c, p, key));
      else c.fail(v, key, "expected a list of path globs");
    } else if (key == "categories") {
      if (!v.IsMap()) c.fail(v, key, "expected a mapping such as {dev-deps: 0, pm-cache: 0}");
      for (const auto& ckv : v) {
        std::string cat = key_text(c, ckv.first);
        if (!category_ids().count(cat))
          c.fail(ckv.first, "categories." + cat,
                 "unknown category (known: app, runtime-deps, dev-deps, pm-cache, build-tooling, docs, os, wasted)");
        b.categories[cat] = size_value(c, ckv.second, "categories." + cat);
      }
    } else {
      c.fail(kv.first, key, "unknown budget key");
    }
  }
  return b;
}

// dive's .dive-ci: values are strings; "disabled" turns a rule off; missing
// keys take dive's defaults (0.9, disabled, 0.1).
Budget parse_dive_rules(const Ctx& c, const YAML::Node& rules) {
  if (!rules.IsMap()) c.fail(rules, "rules", "expected a mapping of dive CI rules");
  Budget b;
  b.file = c.file;
  b.line = rules.Mark().is_null() ? 0 : rules.Mark().line + 1;
  b.from_dive_ci = true;
  b.min_efficiency = 0.9;
  b.max_wasted_percent = 0.1;
  for (const auto& kv : rules) {
    const std::string key = key_text(c, kv.first);
    const YAML::Node& v = kv.second;
    std::string s = scalar(c, v, "rules." + key);
    bool disabled = s == "disabled";
    if (key == "lowestEfficiency") {
      if (disabled) b.min_efficiency.reset();
      else b.min_efficiency = ratio_value(c, v, "rules." + key);
    } else if (key == "highestWastedBytes") {
      if (disabled) b.max_wasted_bytes.reset();
      else b.max_wasted_bytes = size_value(c, v, "rules." + key);
    } else if (key == "highestUserWastedPercent") {
      if (disabled) b.max_wasted_percent.reset();
      else b.max_wasted_percent = ratio_value(c, v, "rules." + key);
    } else {
      c.fail(kv.first, "rules." + key, "unknown dive CI rule (known: lowestEfficiency, highestWastedBytes, highestUserWastedPercent)");
    }
  }
  return b;
}

BudgetFile parse_budget_root(const Ctx& c, const YAML::Node& root, const std::string& name);

}  // namespace

BudgetFile parse_budget_text(const std::string& text, const std::string& name) {
  Ctx c{name};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string where = name;
    if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1);
    throw Error(where, "invalid YAML: " + e.msg);
  }
  try {
    return parse_budget_root(c, root, name);
  } catch (const YAML::Exception& e) {
    // A node of an unexpected kind (a mapping used as a key, …) that the checks above let through.
    std::string where = name;
    if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1);
    throw Error(where, "unexpected YAML structure: " + e.msg);
  }
}

namespace {

BudgetFile parse_budget_root(const Ctx& c, const YAML::Node& root, const std::string& name) {
  BudgetFile out;
  out.path = name;
  if (root.IsNull()) return out;
  if (!root.IsMap()) throw Error(name, "expected a mapping with `budgets:` (or dive's `rules:`)");
  if (const YAML::Node budgets = root["budgets"]) {
    if (!budgets.IsSequence()) c.fail(budgets, "budgets", "expected a list of budgets");
    for (const auto& entry : budgets) out.budgets.push_back(parse_budget_entry(c, entry));
  }
  if (const YAML::Node rules = root["rules"]) out.budgets.push_back(parse_dive_rules(c, rules));
  if (out.budgets.empty() && !root["budgets"])
    throw Error(name, "no `budgets:` list (nor dive's `rules:`) in this file");
  return out;
}

}  // namespace

BudgetFile load_budget_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot read budget file");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > 4 * 1024 * 1024) throw Error(path, "budget file larger than 4 MiB");
  return parse_budget_text(text, path);
}

std::optional<std::string> find_budget_file(const std::string& start_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(start_dir, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!dir.has_filename() && dir.has_relative_path()) dir = dir.parent_path();  // "/a/b/" (from "/a/b/.")
  const fs::path cwd = fs::current_path(ec);
  for (int depth = 0; depth < 256; ++depth) {
    for (const char* name : {".imgslim.yaml", ".imgslim.yml", ".dive-ci"}) {
      fs::path p = dir / name;
      if (!fs::is_regular_file(p, ec)) continue;
      // Named as the user would type it: relative to the current directory
      // when the search started from a relative one.
      if (fs::path(start_dir).is_relative() && !cwd.empty()) {
        fs::path rel = p.lexically_relative(cwd);
        if (!rel.empty()) return rel.string();
      }
      return p.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

namespace {

// "docker://reg:5000/team/backend:1" -> candidates to match a glob against:
// the full ref, without transport, without registry host, last component.
std::vector<std::string> ref_candidates(const std::string& ref) {
  std::vector<std::string> out{ref};
  std::string r = ref;
  auto scheme = r.find("://");
  if (scheme != std::string::npos) r = r.substr(scheme + 3);
  else {
    auto colon = r.find(':');
    static const std::set<std::string> transports = {"oci", "oci-archive", "docker-archive", "docker-daemon", "podman"};
    if (colon != std::string::npos && transports.count(r.substr(0, colon))) r = r.substr(colon + 1);
  }
  out.push_back(r);
  auto slash = r.find('/');
  if (slash != std::string::npos) {
    std::string host = r.substr(0, slash);
    if (host.find('.') != std::string::npos || host.find(':') != std::string::npos || host == "localhost")
      out.push_back(r.substr(slash + 1));
  }
  auto last = r.rfind('/');
  if (last != std::string::npos) out.push_back(r.substr(last + 1));
  return out;
}

}  // namespace

const Budget* select_budget(const BudgetFile& file, const std::string& ref) {
  auto candidates = ref_candidates(ref);
  for (const auto& b : file.budgets)
    for (const auto& cand : candidates)
      if (glob_match(b.image, cand, false)) return &b;
  return nullptr;
}

}  // namespace imgslim::analyzers
