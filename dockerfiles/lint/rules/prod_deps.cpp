// prod-deps: dependencies installed with their dev dependencies in the final stage.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/dev_installs.h"
#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_prod_deps(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  std::string node_env;
  if (final.base_stage) {
    const auto& env = in.dockerfile.stages[*final.base_stage].env;
    if (auto it = env.find("NODE_ENV"); it != env.end()) node_env = it->second;
  }
  std::vector<std::pair<const Instruction*, std::string>> installs;
  bool pruned_after = false;
  for (const Instruction& ins : final.instructions) {
    if (const EnvInstr* e = ins.as<EnvInstr>())
      for (const KeyValue& kv : e->vars)
        if (kv.key == "NODE_ENV") node_env = kv.value;
    const RunInstr* r = ins.as<RunInstr>();
    if (!r) continue;
    std::string line = r->command.joined();
    for (const SimpleCommand& c : commands_of(r->command)) {
      if (is_prune(c)) pruned_after = true;
      if (installs_dev_deps(c) && node_env != "production" && line.find("NODE_ENV=production") == std::string::npos) {
        installs.emplace_back(&ins, c.text);
        pruned_after = false;
      }
    }
  }
  const std::string fix =
      in.options.facts && in.options.facts->has_package_json
          ? "use `" + install_command(*in.options.facts, true) +
                "` in the final stage, or install in a build stage and copy only production node_modules"
          : "use `npm ci --omit=dev` (yarn: `--production`, pnpm: `--prod`) in the final stage, or install in a "
            "build stage and copy only production node_modules";
  if (!pruned_after)
    for (auto& [ins, text] : installs)
      out.add("prod-deps", *ins, "`" + text + "` installs dev dependencies into the final image", fix);
  if (!installs.empty()) return;
  // node_modules that arrive by COPY --from a stage that installed the dev
  // dependencies too (the folder itself, or the app folder holding it).
  for (const Instruction& ins : final.instructions) {
    const CopyInstr* c = ins.as<CopyInstr>();
    if (!c || !c->from_stage) continue;
    std::string install = dev_install_in(in.dockerfile, *c->from_stage);
    if (install.empty()) continue;
    const bool carries = copies_node_modules(in.dockerfile, *c);
    if (carries)
      out.add("prod-deps", ins,
              "the final stage copies node_modules from stage " + c->from + ", whose `" + install +
                  "` installed the dev dependencies too",
              "copy node_modules from a stage that runs `" +
                  (in.options.facts && in.options.facts->has_package_json ? install_command(*in.options.facts, true)
                                                                          : std::string("npm ci --omit=dev")) +
                  "` (or prune it there)");
  }
}

}  // namespace imgslim::dockerfiles
