// cd-in-run, pipefail: shell habits in RUN lines.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

void check_run_shell(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    bool shell_pipefail = false, posix_shell = true;
    for (const Instruction& ins : s.instructions) {
      if (const ShellInstr* sh = ins.as<ShellInstr>()) {
        std::string joined;
        for (const auto& w : sh->shell) joined += w + " ";
        shell_pipefail = joined.find("pipefail") != std::string::npos;
        posix_shell = !sh->shell.empty() && (sh->shell[0].find("sh") != std::string::npos);
        continue;
      }
      const RunInstr* r = ins.as<RunInstr>();
      if (!r || r->command.json) continue;
      auto cmds = commands_of(r->command);
      for (const SimpleCommand& c : cmds)
        if (!c.words.empty() && c.words[0] == "cd") {
          out.add("cd-in-run", ins, "`cd` inside RUN: the directory is easy to lose track of across steps",
                  "WORKDIR " + (c.words.size() > 1 ? c.words[1] : std::string("/path")));
          break;
        }
      bool piped = std::any_of(cmds.begin(), cmds.end(), [](const SimpleCommand& c) { return c.op_after == "|"; });
      std::string script = r->command.joined();
      for (const Heredoc& h : r->command.heredocs) script += h.content;
      if (piped && posix_shell && !shell_pipefail && script.find("pipefail") == std::string::npos)
        out.add("pipefail", ins, "a pipe in RUN without pipefail: a failing left side does not fail the build",
                "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before this RUN (or `set -o pipefail &&` in it)");
    }
  }
}

}  // namespace imgslim::dockerfiles
