// Runtime rules on the final stage: non-root, init, npm-as-runtime,
// shell-form-cmd, no-healthcheck, node-env.
#include <algorithm>

#include "dockerfiles/lint/context.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

std::string basename_of(const std::string& w) {
  std::size_t slash = w.rfind('/');
  return slash == std::string::npos ? w : w.substr(slash + 1);
}

struct MainProcess {
  const Instruction* at = nullptr;  // the CMD or ENTRYPOINT that decides it
  bool shell_form = false;
  bool has_init = false;
  std::string program;              // basename of the process the container runs
  std::string text;
};

MainProcess main_process(const Stage& s) {
  const Instruction* entry = nullptr;
  const Instruction* cmd = nullptr;
  for (const Instruction& ins : s.instructions) {
    if (ins.as<EntrypointInstr>()) entry = &ins;
    if (ins.as<CmdInstr>()) cmd = &ins;
  }
  MainProcess m;
  std::vector<const Instruction*> chain;
  if (entry) chain.push_back(entry);
  if (cmd) chain.push_back(cmd);
  for (const Instruction* ins : chain) {
    const CommandLine& line = ins->as<EntrypointInstr>() ? ins->as<EntrypointInstr>()->command
                                                        : ins->as<CmdInstr>()->command;
    auto cmds = commands_of(line);
    if (cmds.empty()) continue;
    std::vector<std::string> words = cmds[0].words;
    // Unwrap `sh -c "..."`.
    if (words.size() >= 3 && (basename_of(words[0]) == "sh" || basename_of(words[0]) == "bash") && words[1] == "-c") {
      auto inner = split_shell_commands(words[2]);
      if (!inner.empty()) words = inner[0].words;
    }
    if (words.empty()) continue;
    std::string prog = basename_of(words[0]);
    if (prog == "tini" || prog == "dumb-init" || prog == "docker-init" || prog == "catatonit" || prog == "s6-svscan" ||
        words[0] == "/init") {
      m.has_init = true;
      continue;  // the init's child is the next word or CMD
    }
    if (!m.at) {
      m.at = ins;
      m.shell_form = !line.json;
      m.program = prog;
      m.text = cmds[0].text;
    }
    if (m.at) break;
  }
  return m;
}

void non_root(const LintInput& in, Reporter& out) {
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

void process_rules(const LintInput& in, Reporter& out) {
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
            "CMD [\"node\", \"dist/server.js\"] (the command the start script runs)");
}

void no_healthcheck(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  const Instruction* expose = nullptr;
  for (const Instruction& ins : final.instructions) {
    if (ins.as<HealthcheckInstr>()) return;
    if (!expose && ins.as<ExposeInstr>()) expose = &ins;
  }
  if (!expose) return;
  const auto& ports = expose->as<ExposeInstr>()->ports;
  std::string port = ports.empty() ? "3000" : ports.front().port;
  out.add("no-healthcheck", *expose, "the image serves port " + port + " but has no HEALTHCHECK",
          "HEALTHCHECK CMD node -e \"fetch('http://localhost:" + port +
              "/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))\"");
}

void node_env(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  MainProcess m = main_process(final);
  bool node_base = base_image_name(final.from.image) == "node";
  bool node_cmd = m.program == "node" || m.program == "npm" || m.program == "yarn" || m.program == "pnpm";
  if (!node_base && !node_cmd) return;
  auto it = final.env.find("NODE_ENV");
  if (it != final.env.end() && it->second == "production") return;
  const Instruction* at = &final.instructions.front();
  for (const Instruction& ins : final.instructions)
    if (const EnvInstr* e = ins.as<EnvInstr>())
      for (const KeyValue& kv : e->vars)
        if (kv.key == "NODE_ENV") at = &ins;
  out.add("node-env", *at,
          it == final.env.end() ? "NODE_ENV is not set in the final stage: libraries run in development mode"
                                : "NODE_ENV=" + it->second + " in the final stage: libraries run in development mode",
          "ENV NODE_ENV=production");
}

}  // namespace

void check_runtime_rules(const LintInput& in, Reporter& out) {
  non_root(in, out);
  process_rules(in, out);
  no_healthcheck(in, out);
  node_env(in, out);
}

}  // namespace imgslim::dockerfiles
