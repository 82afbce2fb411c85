// dockerfiles/emit/ — how a rewrite is shown: unified diffs, the explanation, JSON.
// May include: dockerfiles/rewrite/.
//
// How `imgslim rewrite` shows a rewrite: unified diffs (Dockerfile and
// .dockerignore), the explained list of changes, or JSON for tools.
#pragma once
#include <string>

#include "dockerfiles/rewrite/rewrite.h"

namespace imgslim::dockerfiles {

struct EmitPaths {
  std::string dockerfile;    // as the user named it ("Dockerfile", "app/Dockerfile")
  std::string dockerignore;  // the context's .dockerignore path
};

// Both diffs, git-style labels (a/..., b/...; /dev/null for a new file); "" when nothing changed.
std::string emit_diff(const RewriteResult& r, const EmitPaths& paths);
// "rule-id  what changed and why" lines, then notes.
std::string emit_explain(const RewriteResult& r);
// One JSON document (schema_version 1).
std::string emit_json(const RewriteResult& r, const EmitPaths& paths);
// "no changes: ..." line for an already-good Dockerfile.
std::string emit_no_changes(const RewriteResult& r, const EmitPaths& paths);

}  // namespace imgslim::dockerfiles
