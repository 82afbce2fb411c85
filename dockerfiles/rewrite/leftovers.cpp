#include "dockerfiles/rewrite/leftovers.h"

#include <algorithm>
#include <map>

#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/parser.h"

namespace imgslim::dockerfiles {

namespace {

const std::map<std::string, std::string>& owners() {
  static const std::map<std::string, std::string> m = {
      {"multi-stage", "multi-stage"},   {"layer-order", "layer-order"}, {"prod-deps", "prod-deps"},
      {"node-env", "prod-deps"},        {"slim-base", "slim-base"},     {"non-root", "non-root"},
      {"init", "init"},                 {"shell-form-cmd", "init"},     {"npm-as-runtime", "init"},
      {"no-healthcheck", "healthcheck"}, {"cache-mounts", "cache-mounts"}, {"apt-hygiene", "cache-mounts"},
      {"dockerignore", "dockerignore"},
  };
  return m;
}

}  // namespace

std::string owning_rewrite_rule(const std::string& lint_rule) {
  auto it = owners().find(lint_rule);
  return it == owners().end() ? std::string() : it->second;
}

const std::vector<std::string>& owned_lint_rules() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (const auto& [id, owner] : owners()) v.push_back(id);
    return v;
  }();
  return ids;
}

void collect_leftovers(RewriteResult& result, const RewriteOptions& options) {
  Tree tree = parse(result.dockerfile, "Dockerfile");
  Dockerfile df = build_instructions(tree);
  LintOptions lo;  // no context: .dockerignore is the rewrite's own (dockerignore_after)
  lo.facts = &result.facts;
  std::vector<Finding> findings = lint(tree, df, lo);
  auto already = [&](const std::string& rule) {
    return std::any_of(result.left.begin(), result.left.end(), [&](const LeftFinding& l) { return l.rule == rule; });
  };
  // Reasons the rules gave for findings that did not come back stay out of the list.
  std::vector<LeftFinding> kept;
  for (const auto& l : result.left)
    if (std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == l.rule; }))
      kept.push_back(l);
  result.left = kept;
  for (const auto& f : findings) {
    const std::string owner = owning_rewrite_rule(f.rule);
    if (owner.empty() || already(f.rule)) continue;
    LeftFinding l{f.rule, "", f.line};
    if (!options.enabled(owner))
      l.reason = "rewrite rule " + owner + " not run (--only/--skip): " + f.message;
    else
      l.reason = f.message + " (no rewrite rule handles this case)";
    result.left.push_back(l);
  }
  for (auto& l : result.left)
    for (const auto& f : findings)
      if (f.rule == l.rule && l.line == 0) l.line = f.line;
}

}  // namespace imgslim::dockerfiles
