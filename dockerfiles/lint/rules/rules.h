// The lint rules, one rule or one small family per file in this folder
// (hadolint keeps one rule per file the same way). Each adds its findings to
// the Reporter; run_rules calls them in report order.
#pragma once
#include "dockerfiles/lint/context.h"

namespace imgslim::dockerfiles {

// Size (ids shared with the analyzer's advice and the rewriter).
void check_multi_stage(const LintInput& in, Reporter& out);
void check_prod_deps(const LintInput& in, Reporter& out);
void check_cache_mounts(const LintInput& in, Reporter& out);
void check_layer_order(const LintInput& in, Reporter& out);
void check_slim_base(const LintInput& in, Reporter& out);
void check_dockerignore(const LintInput& in, Reporter& out);
// Runtime: the final stage as it runs.
void check_non_root(const LintInput& in, Reporter& out);
void check_process(const LintInput& in, Reporter& out);  // shell-form-cmd, init, npm-as-runtime
void check_no_healthcheck(const LintInput& in, Reporter& out);
void check_healthcheck_command(const LintInput& in, Reporter& out);  // with the base image read
void check_node_env(const LintInput& in, Reporter& out);
// Hygiene.
void check_apt(const LintInput& in, Reporter& out);  // apt-hygiene, apt-upgrade
void check_add(const LintInput& in, Reporter& out);  // add-instead-of-copy
void check_base(const LintInput& in, Reporter& out);  // unpinned-base, maintainer
void check_secrets(const LintInput& in, Reporter& out);  // secret-in-env
void check_run_shell(const LintInput& in, Reporter& out);  // cd-in-run, pipefail
void check_exec_form_rules(const LintInput& in, Reporter& out);  // invalid-exec-form

// Every rule above, in report order.
void run_rules(const LintInput& in, Reporter& out);

}  // namespace imgslim::dockerfiles
