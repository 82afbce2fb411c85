#include "dockerfiles/lint/dev_installs.h"

#include <algorithm>

#include "dockerfiles/lint/context.h"

namespace imgslim::dockerfiles {

bool is_prune(const SimpleCommand& c) {
  if (c.words.size() < 2) return false;
  if (c.words[0] == "npm" && c.words[1] == "prune")
    return has_word(c, "--production") || has_word(c, "--omit=dev") || has_word(c, "--prod");
  if (c.words[0] == "pnpm" && c.words[1] == "prune") return has_word(c, "--prod");
  // yarn classic removes what a production install does not list; berry's focus does the same.
  if (c.words[0] == "yarn" && (c.words[1] == "install" || c.words[1] == "workspaces"))
    return has_word(c, "--production") || has_word(c, "--prod");
  return false;
}

// The dev-dependency install a stage (or a stage it builds on) runs and does
// not prune afterwards, "" when none.
std::string dev_install_in(const Dockerfile& df, std::size_t stage) {
  std::string found;
  std::vector<std::size_t> chain;
  for (std::optional<std::size_t> s = stage; s; s = df.stages[*s].base_stage) chain.insert(chain.begin(), *s);
  for (std::size_t s : chain)
    for (const Instruction& ins : df.stages[s].instructions) {
      const RunInstr* r = ins.as<RunInstr>();
      if (!r) continue;
      const std::string line = r->command.joined();
      for (const SimpleCommand& c : commands_of(r->command)) {
        if (is_prune(c)) found.clear();
        else if (installs_dev_deps(c) && line.find("NODE_ENV=production") == std::string::npos &&
                 (df.stages[s].env.count("NODE_ENV") == 0 || df.stages[s].env.at("NODE_ENV") != "production"))
          found = c.text;
      }
    }
  return found;
}

// The WORKDIR of a stage's dependency install ("/app").
std::string install_dir(const Dockerfile& df, std::size_t stage) {
  std::string dir = "/";
  for (std::optional<std::size_t> s = stage; s; s = df.stages[*s].base_stage)
    for (const Instruction& ins : df.stages[*s].instructions)
      if (const auto* w = ins.as<WorkdirInstr>(); w && w->path.starts_with("/")) {
        dir = w->path;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        return dir;
      }
  return dir;
}

bool copies_node_modules(const Dockerfile& df, const CopyInstr& copy) {
  if (!copy.from_stage) return false;
  const std::string dir = install_dir(df, *copy.from_stage);
  return std::any_of(copy.sources.begin(), copy.sources.end(), [&](const std::string& s) {
    std::string p = s;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p.ends_with("node_modules") || p == "/" || p == "." || p == dir;
  });
}

}  // namespace imgslim::dockerfiles
