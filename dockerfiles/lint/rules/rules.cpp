#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void run_rules(const LintInput& in, Reporter& out) {
  using Rule = void (*)(const LintInput&, Reporter&);
  static constexpr Rule kRules[] = {
      check_multi_stage, check_prod_deps,  check_cache_mounts,   check_layer_order, check_slim_base,
      check_dockerignore, check_non_root,  check_process,        check_no_healthcheck, check_node_env,
      check_apt,          check_add,       check_base,           check_secrets,     check_run_shell,
      check_exec_form_rules, check_healthcheck_command,
  };
  for (Rule rule : kRules) rule(in, out);
}

}  // namespace imgslim::dockerfiles
