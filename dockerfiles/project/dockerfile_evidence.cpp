#include "dockerfiles/project/dockerfile_evidence.h"

#include "dockerfiles/instructions/main_process.h"
#include "dockerfiles/instructions/shell_commands.h"

namespace imgslim::dockerfiles {

namespace {

bool is_node_image_name(const std::string& image) {
  std::string repo = image.substr(0, image.find_first_of(":@"));
  auto slash = repo.rfind('/');
  if (slash != std::string::npos) repo = repo.substr(slash + 1);
  return repo == "node";
}

bool is_tool(const std::string& w) {
  return w == "npm" || w == "yarn" || w == "pnpm" || w == "npx" || w == "corepack";
}

bool is_install(const std::vector<std::string>& w) {
  if (w.empty()) return false;
  if (w[0] == "yarn") return w.size() == 1 || w[1] == "install" || w[1].starts_with("--");
  if (w[0] != "npm" && w[0] != "pnpm") return false;
  return w.size() > 1 && (w[1] == "install" || w[1] == "i" || w[1] == "ci");
}

std::string first_line(const Instruction& in) {
  std::string text = in.keyword;
  if (const auto* r = in.as<RunInstr>()) text += " " + r->command.joined();
  else if (const auto* c = in.as<CmdInstr>()) text += " " + c->command.joined();
  else if (const auto* e = in.as<EntrypointInstr>()) text += " " + e->command.joined();
  else if (const auto* f = in.as<FromInstr>()) text += " " + f->image;
  auto nl = text.find('\n');
  if (nl != std::string::npos) text = text.substr(0, nl) + " ...";
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

}  // namespace

std::vector<std::string> node_evidence(const Dockerfile& df) {
  std::vector<std::string> out;
  for (const auto& st : df.stages) {
    if (!st.base_stage && is_node_image_name(st.from.image)) out.push_back(first_line(st.instructions[0]));
    for (const auto& in : st.instructions) {
      const auto* r = in.as<RunInstr>();
      if (!r) continue;
      for (const auto& c : commands_of(r->command))
        if (!c.words.empty() && is_tool(c.words[0])) {
          out.push_back(first_line(in));
          break;
        }
    }
  }
  MainProcess m = main_process(df.final_stage());
  if (m.at && (m.program == "node" || is_tool(m.program))) out.push_back(first_line(*m.at));
  return out;
}

std::string install_tool(const Dockerfile& df) {
  for (const auto& st : df.stages)
    for (const auto& in : st.instructions)
      if (const auto* r = in.as<RunInstr>())
        for (const auto& c : commands_of(r->command))
          if (is_install(c.words)) return c.words[0];
  return {};
}

std::optional<ScriptCall> script_call(const std::vector<std::string>& words) {
  if (words.empty()) return std::nullopt;
  ScriptCall call;
  call.tool = words[0];
  if (call.tool != "npm" && call.tool != "yarn" && call.tool != "pnpm") return std::nullopt;
  std::vector<std::string> rest;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    auto value_of = [&](const std::string& flag) -> std::optional<std::string> {
      if (w == flag && i + 1 < words.size()) return words[++i];
      if (w.starts_with(flag + "=")) return w.substr(flag.size() + 1);
      return std::nullopt;
    };
    if (call.tool == "npm")
      if (auto v = value_of("--workspace"); v) { call.workspace = *v; continue; }
    if (call.tool == "npm")
      if (auto v = value_of("-w"); v) { call.workspace = *v; continue; }
    if (call.tool == "pnpm")
      if (auto v = value_of("--filter"); v) { call.workspace = *v; continue; }
    if (call.tool == "pnpm")
      if (auto v = value_of("-F"); v) { call.workspace = *v; continue; }
    if (call.tool == "pnpm")
      if (auto v = value_of("--dir"); v) { call.workspace = *v; continue; }
    if (call.tool == "pnpm")
      if (auto v = value_of("-C"); v) { call.workspace = *v; continue; }
    if (call.tool == "npm")
      if (auto v = value_of("--prefix"); v) { call.workspace = *v; continue; }
    if (w == "--silent" || w == "-s" || w == "--quiet") continue;
    rest.push_back(w);
  }
  if (call.tool == "yarn" && rest.size() >= 3 && rest[0] == "workspace") {
    call.workspace = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.empty()) return std::nullopt;
  if ((rest[0] == "run" || rest[0] == "run-script") && rest.size() == 2) call.script = rest[1];
  else if (rest.size() == 1 && (rest[0] == "start" || call.tool != "npm")) call.script = rest[0];
  else return std::nullopt;
  if (call.script == "install" || call.script == "ci" || call.script == "i") return std::nullopt;
  return call;
}

bool is_dev_tool(const std::string& program) {
  for (const char* t : {"ts-node", "ts-node-dev", "tsx", "nodemon", "vite", "webpack-dev-server", "babel-node", "tsnd"})
    if (program == t) return true;
  return false;
}

std::string dev_runner(const Dockerfile& df) {
  MainProcess m = main_process(df.final_stage());
  if (!m.at || m.words.empty()) return {};
  if (is_dev_tool(m.program)) return m.program;
  if (m.program == "npx" && m.words.size() >= 2) {
    std::string tool = m.words[1] == "--yes" || m.words[1] == "-y" ? (m.words.size() > 2 ? m.words[2] : "") : m.words[1];
    return "npx " + tool;
  }
  if (auto call = script_call(m.words))
    for (const char* s : {"dev", "watch", "develop", "start:dev", "serve:dev"})
      if (call->script == s) return call->tool + " run " + call->script;
  return {};
}

std::optional<ScriptCall> main_script_call(const Dockerfile& df) {
  MainProcess m = main_process(df.final_stage());
  if (!m.at) return std::nullopt;
  return script_call(m.words);
}

}  // namespace imgslim::dockerfiles
