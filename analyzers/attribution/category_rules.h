// The attribution rule tables: which paths are package-manager caches,
// build tooling or documentation, which OS packages are build tooling, and
// what to do about each. Data, not code: the defaults live in
// category_rules_defaults.cpp, users add or override rules in the
// `attribution:` section of .imgslim.yaml (rules_config.h).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/attribution/category.h"

namespace imgslim::analyzers {

// A glob over image paths (support/glob.h syntax, no leading '/'), or over
// the path inside a node_modules package for the module tables.
struct PathRule {
  std::string pattern;
  Category category = Category::Os;
  std::string group;   // what a finding calls these bytes: "npm cache", "apt lists"
  std::string rule;    // advice rule id shared with lint/rewrite: "cache-mounts", "docs"...
  std::string advice;  // how to get rid of them
};

// A glob over OS package names.
struct PackageRule {
  std::string ecosystem;  // "deb", "apk" or "*"
  std::string pattern;
  Category category = Category::BuildTooling;
  std::string group;      // "compilers", "headers", "python (node-gyp)"
  bool only_in_node_images = false;  // e.g. python3: tooling when it is there for node-gyp
};

class PathRuleSet {
 public:
  PathRuleSet() = default;
  explicit PathRuleSet(std::vector<PathRule> rules);
  // The first rule matching `path`, or nullptr.
  const PathRule* match(std::string_view path) const;
  const std::vector<PathRule>& rules() const { return rules_; }
  void prepend(std::vector<PathRule> rules);

 private:
  struct Compiled {
    std::string prefix;   // literal text the path must start with
    std::string suffix;   // literal text the path must end with
    std::string needle;   // longest literal piece the path must contain
    bool basename_only = false;  // pattern without '/': matches the last component
  };
  void compile();
  std::vector<PathRule> rules_;
  std::vector<Compiled> compiled_;
};

struct AttributionRules {
  PathRuleSet overrides;     // user rules: checked before everything else
  PathRuleSet caches;        // pm-cache paths
  PathRuleSet tooling;       // build-tooling paths (headers, compilers' dirs, node-gyp, .git)
  PathRuleSet os_docs;       // docs outside node_modules
  PathRuleSet module_docs;   // docs inside a node_modules package (path relative to the package)
  std::vector<PackageRule> packages;  // OS package name -> category; first match wins
  bool typescript_sources_are_tooling = true;

  static AttributionRules defaults();
  const PackageRule* match_package(std::string_view ecosystem, std::string_view name, bool node_image) const;
};

}  // namespace imgslim::analyzers
