// multi-stage: the final stage runs the build (compiler, dev dependencies and sources ship).
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

namespace {

// The WORKDIR in force at an instruction of a stage ("/" when none).
std::string workdir_at(const Dockerfile& df, const Stage& st, const Instruction* at) {
  std::string dir = st.base_stage ? workdir_at(df, df.stages[*st.base_stage], nullptr) : "/";
  for (const Instruction& ins : st.instructions) {
    if (&ins == at) break;
    if (const auto* w = ins.as<WorkdirInstr>())
      dir = w->path.starts_with("/") ? w->path : (dir.ends_with("/") ? dir : dir + "/") + w->path;
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

std::string multi_stage_fix(const LintInput& in, const Stage& st, const Instruction& at) {
  const ProjectFacts* f = in.options.facts;
  const std::string app = workdir_at(in.dockerfile, st, &at);
  const auto abs = [&](const std::string& p) { return app == "/" ? "/" + p : app + "/" + p; };
  std::string copy;
  if (f && f->next_app && f->next_standalone)
    copy = "`COPY --from=build " + abs(".next/standalone") + " ./` and `" + abs(".next/static") + "`";
  else if (f && !f->runtime_workspaces.empty()) {
    for (const auto& [dir, out] : f->runtime_workspaces)
      if (!out.empty()) copy += (copy.empty() ? "" : ", ") + std::string("`COPY --from=build ") + abs(dir + "/" + out) + " " + dir + "/" + out + "`";
  } else if (f && !f->output_dir.empty()) {
    copy = "`COPY --from=build " + abs(f->output_dir) + " ./" + f->output_dir + "`";
  }
  if (copy.empty()) return "build in a `FROM ... AS build` stage and copy only what the app runs (its build output and production node_modules) into a slim runtime stage";
  return "build in a `FROM ... AS build` stage, then " + copy + " with production node_modules into a slim runtime stage";
}

}  // namespace

void check_multi_stage(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  // FROM a stage that built: everything it installed and built ships.
  for (std::optional<std::size_t> cur = final.base_stage; cur; cur = in.dockerfile.stages[*cur].base_stage) {
    const Stage& base = in.dockerfile.stages[*cur];
    for (const Instruction& ins : base.instructions) {
      const RunInstr* r = ins.as<RunInstr>();
      if (!r) continue;
      for (const SimpleCommand& c : commands_of(r->command))
        if (is_build_command(c)) {
          out.add("multi-stage", final.instructions.front(),
                  "the final stage builds on stage " + (base.name.empty() ? std::to_string(base.index) : base.name) +
                      ", which runs `" + c.text + "`: the compiler, dev dependencies and sources ship in the image",
                  multi_stage_fix(in, base, ins));
          return;
        }
    }
  }
  for (const Instruction& ins : final.instructions) {
    const RunInstr* r = ins.as<RunInstr>();
    if (!r) continue;
    for (const SimpleCommand& c : commands_of(r->command)) {
      if (!is_build_command(c)) continue;
      out.add("multi-stage", ins,
              "the final stage runs `" + c.text + "`: the compiler, dev dependencies and sources ship in the image",
              multi_stage_fix(in, final, ins));
      break;
    }
  }
}

}  // namespace imgslim::dockerfiles
