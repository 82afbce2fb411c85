// multi-stage: the final stage runs the build (compiler, dev dependencies and sources ship).
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_multi_stage(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  for (const Instruction& ins : final.instructions) {
    const RunInstr* r = ins.as<RunInstr>();
    if (!r) continue;
    for (const SimpleCommand& c : commands_of(r->command)) {
      if (!is_build_command(c)) continue;
      out.add("multi-stage", ins,
              "the final stage runs `" + c.text + "`: the compiler, dev dependencies and sources ship in the image",
              "build in a `FROM ... AS build` stage, then `COPY --from=build /app/dist ./dist` into a slim runtime stage");
      break;
    }
  }
}

}  // namespace imgslim::dockerfiles
