#include "dockerfiles/rewrite/rewrite.h"

#include <algorithm>
#include <sstream>

#include "dockerfiles/project/files.h"
#include "dockerfiles/rewrite/doc.h"
#include "dockerfiles/rewrite/leftovers.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "support/error.h"

namespace imgslim::dockerfiles {

namespace {

struct RuleEntry {
  const char* id;
  void (*apply)(RewriteDoc&, const RuleContext&);
  const char* summary;
};

const std::vector<RuleEntry>& rules() {
  static const std::vector<RuleEntry> all = {
      {"multi-stage", rule_multi_stage,
       "build in one stage, run in another that receives only the runtime artefacts (frontends: nginx serving the build)"},
      {"layer-order", rule_layer_order, "copy package manifests and the lockfile before the sources"},
      {"prod-deps", rule_prod_deps,
       "lockfile-exact installs, production-only dependencies in the runtime, NODE_ENV=production"},
      {"slim-base", rule_slim_base, "runtime on the slim variant of the base (node:20 -> node:20-slim)"},
      {"non-root", rule_non_root, "run as an unprivileged user (node, nginx on port 8080, or a system user)"},
      {"init", rule_init, "dumb-init as PID 1 and an exec-form CMD of the real start command"},
      {"healthcheck", rule_healthcheck, "HEALTHCHECK on the app's declared health route"},
      {"cache-mounts", rule_cache_mounts, "package manager caches on BuildKit cache mounts, cleanup commands dropped"},
      {"prune-modules", rule_prune_modules,
       "delete docs, tests, source maps, TypeScript sources and .d.ts files from node_modules in the stage the runtime "
       "copies it from (never package.json, LICENSE*/NOTICE* or a file main/exports/bin can load)"},
      {"no-package-managers", rule_runtime_assembly,
       "a runtime that starts node is assembled without npm, npx, corepack, yarn, pnpm and the node headers "
       "(--runtime minimal: FROM scratch with node and the libraries it loads)"},
      {"dockerignore", nullptr, "write or extend .dockerignore, keeping the user's lines"},
  };
  return all;
}

}  // namespace

const std::vector<std::string>& rewrite_rule_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (const auto& r : rules()) v.push_back(r.id);
    return v;
  }();
  return ids;
}

std::string rewrite_rule_summary(const std::string& rule) {
  for (const auto& r : rules())
    if (rule == r.id) return r.summary;
  return {};
}

std::set<std::string> parse_rule_list(const std::string& flag, const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.back() == ' ') item.pop_back();
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (item.empty()) continue;
    const auto& ids = rewrite_rule_ids();
    if (std::find(ids.begin(), ids.end(), item) == ids.end()) {
      std::string known;
      for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
      throw Error(flag, "unknown rule '" + item + "' (rules: " + known + ")");
    }
    out.insert(item);
  }
  return out;
}

RewriteResult rewrite_dockerfile(const std::string& text, const std::string& name, const ProjectFacts& facts,
                                 const RewriteOptions& options) {
  RewriteResult result;
  result.original = text;
  result.facts = facts;
  RewriteDoc doc(text, name);
  RuleContext ctx{facts, options, result.changes, result.notes, result.left};
  for (const auto& n : facts.notes) ctx.note(n);
  const std::string context = facts.context_dir.empty() ? "." : facts.context_dir;
  if (!facts.is_node()) {
    ctx.note("not a Node.js project (no package.json in " + context +
             ", and no FROM node or npm/yarn/pnpm line in the Dockerfile): only the generic rules apply (cache-mounts, "
             "non-root, init, dockerignore)");
  } else if (facts.node_by_dockerfile_only()) {
    std::string lines;
    for (const auto& e : facts.node_evidence) lines += (lines.empty() ? "" : "; ") + e;
    ctx.note("Node.js project by the Dockerfile (" + lines + "); no package.json in " + context +
             ", so the decisions that need it take their safe form");
  }
  for (const auto& r : rules())
    if (r.apply && options.enabled(r.id)) r.apply(doc, ctx);
  result.dockerfile = doc.text();

  result.dockerignore_before =
      facts.has_dockerignore ? std::optional<std::string>(facts.dockerignore_text) : std::nullopt;
  result.dockerignore_after = result.dockerignore_before.value_or("");
  if (options.enabled("dockerignore")) result.dockerignore_after = rule_dockerignore(result.dockerignore_before, doc, ctx);
  collect_leftovers(result, options);
  return result;
}

std::map<std::string, std::string> rewrite_variants(const std::string& text, const std::string& name,
                                                    const ProjectFacts& facts, const RewriteOptions& options) {
  std::map<std::string, std::string> out;
  for (const auto& id : rewrite_rule_ids()) {
    if (!options.enabled(id) || id == "dockerignore") continue;
    RewriteOptions one = options;
    one.rules = {id};
    auto r = rewrite_dockerfile(text, name, facts, one);
    if (r.dockerfile_changed()) out[id] = r.dockerfile;
  }
  out["all"] = rewrite_dockerfile(text, name, facts, options).dockerfile;
  if (options.enabled("prune-modules")) {
    RewriteOptions unpruned = options;
    if (unpruned.rules.empty()) unpruned.rules.insert(rewrite_rule_ids().begin(), rewrite_rule_ids().end());
    unpruned.rules.erase("prune-modules");
    auto r = rewrite_dockerfile(text, name, facts, unpruned);
    if (r.dockerfile != out["all"]) out["all-but-prune-modules"] = r.dockerfile;
  }
  if (options.runtime != "minimal" && options.enabled("no-package-managers")) {
    RewriteOptions minimal = options;
    minimal.runtime = "minimal";
    auto r = rewrite_dockerfile(text, name, facts, minimal);
    if (r.dockerfile != out["all"]) out["minimal"] = r.dockerfile;
  }
  return out;
}

}  // namespace imgslim::dockerfiles
