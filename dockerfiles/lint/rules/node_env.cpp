// node-env: the final stage does not set NODE_ENV=production.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/instructions/main_process.h"

namespace imgslim::dockerfiles {

void check_node_env(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  MainProcess m = main_process(final);
  bool node_base = base_image_name(final.from.image) == "node";
  bool node_cmd = m.program == "node" || m.program == "npm" || m.program == "yarn" || m.program == "pnpm";
  if (!node_base && !node_cmd) return;
  auto it = final.env.find("NODE_ENV");
  if (it != final.env.end() && it->second == "production") return;
  const Instruction* at = &final.instructions.front();
  for (const Instruction& ins : final.instructions)
    if (const EnvInstr* e = ins.as<EnvInstr>())
      for (const KeyValue& kv : e->vars)
        if (kv.key == "NODE_ENV") at = &ins;
  out.add("node-env", *at,
          it == final.env.end() ? "NODE_ENV is not set in the final stage: libraries run in development mode"
                                : "NODE_ENV=" + it->second + " in the final stage: libraries run in development mode",
          "ENV NODE_ENV=production");
}

}  // namespace imgslim::dockerfiles
