// The lint rules the rewriter answers for, and what it left: after the rules
// ran, the rewritten Dockerfile is linted with the same project facts; every
// finding of a rule the rewriter owns is either gone or named here with the
// reason it stays ("left prod-deps: no package.json ..."). Nothing is left
// silently.
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/rewrite/rewrite.h"

namespace imgslim::dockerfiles {

// The rewrite rule that answers for a lint rule id ("node-env" -> "prod-deps"),
// "" when the rewriter does not own it.
std::string owning_rewrite_rule(const std::string& lint_rule);
// Every lint rule id the rewriter owns, sorted.
const std::vector<std::string>& owned_lint_rules();

// Lints result.dockerfile and completes result.left: each owned finding the
// rules did not already explain gets a reason (a skipped rule, or the
// finding's own message when no rule handles the case).
void collect_leftovers(RewriteResult& result, const RewriteOptions& options);

}  // namespace imgslim::dockerfiles
