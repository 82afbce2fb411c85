// no-healthcheck: an image that serves a port without a HEALTHCHECK.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_no_healthcheck(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  const Instruction* expose = nullptr;
  for (const Instruction& ins : final.instructions) {
    if (ins.as<HealthcheckInstr>()) return;
    if (!expose && ins.as<ExposeInstr>()) expose = &ins;
  }
  if (!expose) return;
  const auto& ports = expose->as<ExposeInstr>()->ports;
  std::string port = ports.empty() ? "3000" : ports.front().port;
  out.add("no-healthcheck", *expose, "the image serves port " + port + " but has no HEALTHCHECK",
          "HEALTHCHECK CMD node -e \"fetch('http://localhost:" + port +
              "/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))\"");
}

}  // namespace imgslim::dockerfiles
