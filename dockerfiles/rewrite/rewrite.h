// dockerfiles/rewrite/ — `imgslim rewrite`: the editable document, text edits, command rewriting;
// rules/ holds one rewrite rule per file.
// May include: dockerfiles/lint/, dockerfiles/project/, dockerfiles/instructions/, dockerfiles/syntax/, support/.
//
// imgslim rewrite: turns a Dockerfile into a slimmer one by editing its
// syntax tree with named rules (multi-stage, prod-deps, cache-mounts,
// layer-order, slim-base, non-root, init, healthcheck, prune-modules,
// no-package-managers, dockerignore).
// Each rule recognises its own output, so rewriting the result again
// changes nothing; untouched lines, comments and formatting survive.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dockerfiles/project/facts.h"
#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

// Every rule id, in the order the rules run.
const std::vector<std::string>& rewrite_rule_ids();
// One line on what a rule does (for --explain and docs).
std::string rewrite_rule_summary(const std::string& rule);

struct RewriteOptions {
  std::set<std::string> rules;         // enabled rules; empty = all
  std::string runtime_base;            // --runtime-base IMAGE ("" = derive from the build base)
  std::string frontend_runtime = "nginx";  // nginx | node
  std::string nginx_image = "nginx:stable";
  std::string init_from;               // --init-from IMAGE: copy dumb-init from it (offline builds)
  std::string init_path = "/usr/bin/dumb-init";
  // --runtime: "default" (a node runtime without package managers) or
  // "minimal" (FROM scratch: node, the shared libraries it and the native
  // addons load, dumb-init, CA certificates, the users; no shell).
  std::string runtime = "default";
  bool enabled(const std::string& rule) const { return rules.empty() || rules.count(rule) > 0; }
};

// Parses "a,b" for --only/--skip; throws Error on unknown ids.
std::set<std::string> parse_rule_list(const std::string& flag, const std::string& list);

struct RewriteChange {
  std::string rule;
  std::string message;   // what changed and why
};

// A lint finding of a rule the rewriter owns that stays in the rewrite, and why.
struct LeftFinding {
  std::string rule;    // lint rule id ("prod-deps")
  std::string reason;
  int line = 0;        // line in the rewritten Dockerfile
};

struct RewriteResult {
  std::string original;            // input Dockerfile bytes
  std::string dockerfile;          // rewritten bytes
  std::optional<std::string> dockerignore_before;  // nullopt when the file did not exist
  std::string dockerignore_after;  // == before (or "") when unchanged
  std::vector<RewriteChange> changes;
  std::vector<std::string> notes;  // things kept as they were, and why
  std::vector<LeftFinding> left;   // owned lint findings the rewrite leaves (rewrite/leftovers.h)
  ProjectFacts facts;

  bool dockerfile_changed() const { return dockerfile != original; }
  bool dockerignore_changed() const { return dockerignore_after != dockerignore_before.value_or(""); }
  bool changed() const { return dockerfile_changed() || dockerignore_changed(); }
};

// Rewrites `text` (the Dockerfile called `name`) for the app `facts` describes.
// Throws imgslim::Error on a Dockerfile BuildKit would reject.
RewriteResult rewrite_dockerfile(const std::string& text, const std::string& name, const ProjectFacts& facts,
                                 const RewriteOptions& options);

// For measurement: one Dockerfile per rule that changes something (that
// rule alone), "all" (every rule in `options`), "all-but-prune-modules" when
// that rule changes "all" (the pair gives the bytes it removes), and
// "minimal" (--runtime minimal) when it differs from "all".
// Variant name -> Dockerfile text.
std::map<std::string, std::string> rewrite_variants(const std::string& text, const std::string& name,
                                                    const ProjectFacts& facts, const RewriteOptions& options);

}  // namespace imgslim::dockerfiles
