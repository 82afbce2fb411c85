// prod-deps: dependencies installed with their dev dependencies in the final stage.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

namespace {

bool is_prune(const SimpleCommand& c) {
  if (c.words.size() < 2) return false;
  if (c.words[0] == "npm" && c.words[1] == "prune")
    return has_word(c, "--production") || has_word(c, "--omit=dev") || has_word(c, "--prod");
  if (c.words[0] == "pnpm" && c.words[1] == "prune") return has_word(c, "--prod");
  return false;
}

}  // namespace

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
  if (pruned_after) return;
  for (auto& [ins, text] : installs)
    out.add("prod-deps", *ins, "`" + text + "` installs dev dependencies into the final image",
            "use `npm ci --omit=dev` (yarn: `--production`, pnpm: `--prod`) in the final stage, or install in a "
            "build stage and copy only production node_modules");
}

}  // namespace imgslim::dockerfiles
