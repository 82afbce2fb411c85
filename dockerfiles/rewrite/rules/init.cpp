// init: dumb-init as PID 1 (ENTRYPOINT ["dumb-init", "--"]) so signals reach
// the app and zombies are reaped, and an exec-form CMD of the real start
// command instead of `npm start` (npm does not pass SIGTERM on).
#include <algorithm>

#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

bool is_init(const std::vector<std::string>& args) {
  if (args.empty()) return false;
  std::string first = args[0];
  for (const char* init : {"dumb-init", "tini", "docker-init", "catatonit", "s6-svscan", "/init"})
    if (first == init || first.ends_with(std::string("/") + init)) return true;
  return false;
}

bool runs_package_manager(const CommandLine& cmd) {
  std::vector<std::string> words = cmd.json ? cmd.args : split_simple_command(cmd.joined()).value_or(std::vector<std::string>{});
  if (words.empty()) return false;
  return words[0] == "npm" || words[0] == "yarn" || words[0] == "pnpm" || words[0] == "npx";
}

std::string install_lines(const RewriteOptions& o, const std::string& image, char escape) {
  if (!o.init_from.empty()) return "COPY --from=" + o.init_from + " " + o.init_path + " /usr/bin/dumb-init";
  if (is_alpine_image(image)) return "RUN apk add --no-cache dumb-init";
  return std::string("RUN apt-get update ") + escape +
         "\n    && apt-get install -y --no-install-recommends dumb-init " + escape +
         "\n    && rm -rf /var/lib/apt/lists/*";
}

}  // namespace

void rule_init(RewriteDoc& doc, const RuleContext& ctx) {
  const size_t fin = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[fin];
  const std::string image = root_image(doc.typed, fin);
  if (is_nginx_image(image)) return;  // nginx's master process handles signals as PID 1
  if (image == "scratch" || image.find("distroless") != std::string::npos) {
    ctx.leave("init", image + " has no shell or package manager to install an init; run the container with `docker run --init`");
    return;
  }
  const Instruction* entry = nullptr;
  const Instruction* cmd = nullptr;
  for (const auto& in : st.instructions) {
    if (in.keyword == "ENTRYPOINT") entry = &in;
    if (in.keyword == "CMD") cmd = &in;
  }
  if (entry && is_init(entry->as<EntrypointInstr>()->command.args)) return;
  if (!entry && cmd && cmd->as<CmdInstr>()->command.json && is_init(cmd->as<CmdInstr>()->command.args)) return;
  if (!cmd && !entry && !ctx.facts.is_node()) {
    ctx.note("init: the final stage has no CMD or ENTRYPOINT; nothing to wrap");
    return;
  }

  // The real start command.
  std::optional<std::string> new_cmd;
  std::string cmd_why;
  if (cmd && !entry) {
    const auto& c = cmd->as<CmdInstr>()->command;
    if (runs_package_manager(c) && !ctx.facts.start_command.empty()) {
      new_cmd = "CMD " + json_array(ctx.facts.start_command);
      const auto words = c.json ? c.args : split_simple_command(c.joined()).value_or(std::vector<std::string>{"npm"});
      cmd_why = "CMD `" + c.joined() + "` → " + json_array(ctx.facts.start_command) +
                ": the start script's real command, so SIGTERM reaches node, not " + words[0];
    } else if (runs_package_manager(c)) {
      ctx.leave("npm-as-runtime", "CMD `" + c.joined() + "` kept under dumb-init: " +
                                      (ctx.facts.start_note.empty() ? "the command its script runs is unknown"
                                                                    : ctx.facts.start_note));
      if (!c.json)
        if (auto words = split_simple_command(c.joined()); words && !words->empty()) {
          new_cmd = "CMD " + json_array(*words);
          cmd_why = "CMD in exec form: no /bin/sh between dumb-init and " + (*words)[0];
        }
    } else if (!c.json) {
      if (auto words = split_simple_command(c.joined()); words && !words->empty()) {
        new_cmd = "CMD " + json_array(*words);
        cmd_why = "CMD in exec form: no /bin/sh between dumb-init and the app";
      }
    }
  } else if (!cmd && !entry && !ctx.facts.start_command.empty()) {
    new_cmd = "CMD " + json_array(ctx.facts.start_command);
    cmd_why = "CMD " + json_array(ctx.facts.start_command) + ": the app's start command (the base image's CMD is the node REPL)";
  }

  std::string entry_text = "ENTRYPOINT [\"dumb-init\", \"--\"]";
  if (entry) {
    const auto& e = entry->as<EntrypointInstr>()->command;
    std::vector<std::string> words = {"dumb-init", "--"};
    std::vector<std::string> own = e.json ? e.args : split_simple_command(e.joined()).value_or(std::vector<std::string>{});
    if (runs_package_manager(e) && !ctx.facts.start_command.empty()) {
      words.insert(words.end(), ctx.facts.start_command.begin(), ctx.facts.start_command.end());
      cmd_why = "ENTRYPOINT `" + e.joined() + "` → " + json_array(ctx.facts.start_command) +
                ": the start script's real command, so SIGTERM reaches node, not " + own[0];
    } else if (!own.empty()) {
      if (runs_package_manager(e))
        ctx.leave("npm-as-runtime", "ENTRYPOINT `" + e.joined() + "` kept under dumb-init: " +
                                        (ctx.facts.start_note.empty() ? "the command its script runs is unknown"
                                                                      : ctx.facts.start_note));
      words.insert(words.end(), own.begin(), own.end());
    } else {
      words.insert(words.end(), {"/bin/sh", "-c", e.joined()});
    }
    entry_text = "ENTRYPOINT " + json_array(words);
  }

  // Install right after FROM (and its WORKDIR/ENV/ARG header), as root.
  size_t install_at = st.instructions[0].node_index + 1;
  for (size_t i = 1; i < st.instructions.size(); ++i) {
    const auto& kw = st.instructions[i].keyword;
    if (kw != "ARG" && kw != "ENV" && kw != "WORKDIR" && kw != "LABEL") break;
    install_at = st.instructions[i].node_index + 1;
  }
  const size_t entry_node = entry ? entry->node_index : 0;
  const size_t cmd_node = cmd ? cmd->node_index : 0;
  const std::string start_env_line = [&] {
    std::string line;
    for (const auto& kv : ctx.facts.start_env) {
      bool set = false;
      for (const auto& [k, v] : st.env) set = set || kv.starts_with(k + "=");
      if (!set) line += (line.empty() ? "ENV " : " ") + kv;
    }
    return new_cmd && cmd_why.find("start script") != std::string::npos ? line : std::string();
  }();

  // Edits from the bottom up so node indices stay valid.
  if (entry) {
    doc.replace_text(entry_node, entry_text);
  }
  if (cmd && new_cmd) doc.replace_text(cmd_node, *new_cmd);
  if (!entry) {
    std::vector<Node> nodes;
    if (!start_env_line.empty()) nodes.push_back(doc.make(start_env_line));
    nodes.push_back(doc.make(entry_text));
    if (!cmd && new_cmd) nodes.push_back(doc.make(*new_cmd));
    size_t at = cmd ? doc.block_begin(cmd_node) : doc.tree.nodes.size();
    if (!cmd) {
      while (at > 0 && doc.tree.nodes[at - 1].kind == NodeKind::Blank) --at;
    }
    doc.insert(at, std::move(nodes));
  }
  doc.insert(install_at, {doc.make(install_lines(ctx.options, image, doc.tree.escape))});
  doc.reparse();
  ctx.change("init", std::string("dumb-init is PID 1 (") +
                         (ctx.options.init_from.empty() ? "installed with the distribution's package manager"
                                                        : "copied from " + ctx.options.init_from) +
                         "): it forwards SIGTERM to the app and reaps zombies, so `docker stop` ends the app cleanly");
  if (!cmd_why.empty()) ctx.change("init", cmd_why);
}

}  // namespace imgslim::dockerfiles
