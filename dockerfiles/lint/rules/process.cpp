// shell-form-cmd, init, npm-as-runtime: how the final stage starts its main process.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/instructions/main_process.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

std::string json_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "\"" : ", \"") + w + "\"";
  return "[" + out + "]";
}

// The project's own start command when the build context tells it.
std::string npm_as_runtime_fix(const ProjectFacts* f, const std::string& program) {
  if (f && !f->start_command.empty())
    return "CMD " + json_words(f->start_command) + " (what the \"" + f->start_script + "\" script runs" +
           (f->start_workspace.empty() ? "" : " in " + f->start_workspace) + ")";
  std::string why = f && !f->start_note.empty() ? f->start_note : "the start script's command";
  return "CMD [\"node\", ENTRY] with the file the " + program + " script starts (" + why + ")";
}

}  // namespace

void check_process(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  MainProcess m = main_process(final);
  if (!m.at) return;
  const CommandLine& main_line = m.at->as<CmdInstr>() ? m.at->as<CmdInstr>()->command : m.at->as<EntrypointInstr>()->command;
  const bool broken_exec = !main_line.args.empty() && go_trim_space(main_line.args[0]).starts_with("[");
  if (m.shell_form && !broken_exec)  // a broken exec form is invalid-exec-form's (exec_form.cpp)
    out.add("shell-form-cmd", *m.at,
            m.at->keyword + " in shell form runs under /bin/sh -c, which does not forward SIGTERM to `" + m.text + "`",
            m.at->keyword + " [\"" + (m.text.empty() ? "node" : m.text.substr(0, m.text.find(' '))) +
                "\", ...] (exec form)");
  static const std::vector<std::string> node_like = {"node", "npm", "yarn", "pnpm", "npx", "nodemon", "ts-node", "tsx"};
  bool is_node = std::find(node_like.begin(), node_like.end(), m.program) != node_like.end();
  if (is_node && !m.has_init)
    out.add("init", *m.at,
            "`" + m.text + "` runs as PID 1 without an init: signals are not forwarded and zombies are not reaped",
            "ENTRYPOINT [\"dumb-init\", \"--\"] (or tini, or `docker run --init`) before CMD [\"node\", ...]");
  if (m.program == "npm" || m.program == "yarn" || m.program == "pnpm")
    out.add("npm-as-runtime", *m.at,
            "`" + m.text + "` keeps " + m.program +
                " running as the app's parent: extra memory, slower start, SIGTERM not passed to node",
            npm_as_runtime_fix(in.options.facts, m.program));
}

}  // namespace imgslim::dockerfiles
