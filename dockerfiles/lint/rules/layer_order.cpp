// layer-order: the whole context copied before the dependency install, so every source edit reinstalls.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

namespace {

// The project's own manifests and install command (npm, yarn, pnpm; workspace
// package.json files too) when the context tells them.
std::string layer_order_fix(const ProjectFacts* f, const SimpleCommand& install) {
  if (!f || !f->has_package_json) {
    const std::string& tool = install.words[0];
    const std::string lock = tool == "yarn" ? "yarn.lock" : tool == "pnpm" ? "pnpm-lock.yaml" : "package-lock.json";
    return "COPY package.json " + lock + " ./ then RUN " + install.text + ", then COPY . .";
  }
  std::string files;
  for (const auto& m : f->manifests) files += m + " ";
  std::string fix = "COPY " + files + "./";
  for (const auto& d : f->workspace_dirs) fix += " and " + d + "/package.json";
  return fix + " then RUN " + install_command(*f, false) + ", then COPY . .";
}

}  // namespace

void check_layer_order(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    const Instruction* whole = nullptr;
    for (const Instruction& ins : s.instructions) {
      if (const CopyInstr* c = ins.as<CopyInstr>()) {
        if (!whole && copies_whole_context(*c)) whole = &ins;
        continue;
      }
      const RunInstr* r = ins.as<RunInstr>();
      if (!r || !whole) continue;
      for (const SimpleCommand& c : commands_of(r->command)) {
        bool pip_req = c.words.size() > 2 && (c.words[0] == "pip" || c.words[0] == "pip3") &&
                       c.words[1] == "install" && (has_word(c, "-r") || has_word_prefix(c, "--requirement"));
        if (!is_npm_install(c) && !pip_req) continue;
        out.add("layer-order", *whole,
                "the whole context is copied before `" + c.text +
                    "` (line " + std::to_string(ins.keyword_at.line) +
                    "): any source change re-runs the dependency install",
                pip_req ? std::string("COPY requirements.txt ./ then RUN pip install -r requirements.txt, then COPY . .")
                        : layer_order_fix(in.options.facts, c));
        whole = nullptr;
        break;
      }
      if (!whole) break;
    }
  }
}

}  // namespace imgslim::dockerfiles
