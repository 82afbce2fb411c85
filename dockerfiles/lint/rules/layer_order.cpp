// layer-order: the whole context copied before the dependency install, so every source edit reinstalls.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

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
                "COPY package.json package-lock.json ./ then RUN npm ci, then COPY . .");
        whole = nullptr;
        break;
      }
      if (!whole) break;
    }
  }
}

}  // namespace imgslim::dockerfiles
