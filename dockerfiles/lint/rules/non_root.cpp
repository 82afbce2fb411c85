// non-root: the final stage runs as root.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_non_root(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  if (final.from.image == "scratch") return;
  const Instruction* last_user = nullptr;
  for (const Instruction& ins : final.instructions)
    if (ins.as<UserInstr>()) last_user = &ins;
  if (!last_user) {
    if (final.base_stage) {
      for (const Instruction& ins : in.dockerfile.stages[*final.base_stage].instructions)
        if (ins.as<UserInstr>()) last_user = &ins;
      if (last_user) return;  // inherited from the stage it builds on
    }
    out.add("non-root", final.instructions.front(), "the final stage has no USER: the app runs as root",
            "add `USER node` (or a numeric `USER 1000:1000`) before CMD, after files are in place");
    return;
  }
  std::string user = last_user->as<UserInstr>()->user;
  std::string name = user.substr(0, user.find(':'));
  if (name == "root" || name == "0")
    out.add("non-root", *last_user, "USER " + user + ": the app runs as root",
            "switch to an unprivileged user, e.g. `USER node`");
}

}  // namespace imgslim::dockerfiles
