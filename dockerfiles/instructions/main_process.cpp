#include "dockerfiles/instructions/main_process.h"

namespace imgslim::dockerfiles {

namespace {

std::string program_name(const std::string& w) {
  std::size_t slash = w.rfind('/');
  return slash == std::string::npos ? w : w.substr(slash + 1);
}

}  // namespace

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
    if (words.size() >= 3 && (program_name(words[0]) == "sh" || program_name(words[0]) == "bash") && words[1] == "-c") {
      auto inner = split_shell_commands(words[2]);
      if (!inner.empty()) words = inner[0].words;
    }
    if (words.empty()) continue;
    std::string prog = program_name(words[0]);
    std::string text = cmds[0].text;
    if (prog == "tini" || prog == "dumb-init" || prog == "docker-init" || prog == "catatonit" || prog == "s6-svscan" ||
        words[0] == "/init") {
      m.has_init = true;
      // ["dumb-init", "--", "npm", "start"]: the child is in the same array.
      std::size_t child = 1;
      while (child < words.size() && words[child].starts_with("-")) ++child;
      if (child >= words.size()) continue;  // the init's child is CMD
      words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(child));
      if (words.size() >= 3 && (program_name(words[0]) == "sh" || program_name(words[0]) == "bash") && words[1] == "-c") {
        auto inner = split_shell_commands(words[2]);
        if (!inner.empty() && !inner[0].words.empty()) words = inner[0].words;
      }
      prog = program_name(words[0]);
      text.clear();
      for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    }
    if (!m.at) {
      m.at = ins;
      m.shell_form = !line.json;
      m.program = prog;
      m.text = text;
      m.words = words;
    }
    if (m.at) break;
  }
  return m;
}

}  // namespace imgslim::dockerfiles
