// healthcheck-command-missing: with the final stage's base image read
// (`--read-base`, `--base-image REF`), the HEALTHCHECK's command — the
// executable of the exec form; for the shell form /bin/sh and the first
// command it runs — is resolved on the PATH. A command no step of the stage
// chain installs (a RUN naming it, a COPY/ADD of a file by that name) and the
// base image does not have never runs: the container never becomes healthy.
#include <set>

#include "dockerfiles/lint/base_image_facts.h"
#include "dockerfiles/lint/rules/rules.h"
#include "support/search_path.h"

namespace imgslim::dockerfiles {
namespace {

const std::set<std::string>& shell_builtins() {
  static const std::set<std::string> b = {"exit", "test", "[", "[[", "true", "false", "echo", "printf", "cd", "set",
                                          "if", "{", "(", ":", "kill", "read", "wait", "type", "command", "exec",
                                          "!", "for", "while", "until", "case", "eval", "trap", "export"};
  return b;
}

std::string base_name_of(const std::string& p) { return p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1); }

// Does a step of the stage chain install `command` (a RUN naming it, a COPY/ADD of a file by that name)?
bool installed_by_build(const Dockerfile& df, const std::string& command) {
  const std::string name = base_name_of(command);
  const Stage* s = &df.final_stage();
  for (std::size_t hops = 0; s && hops <= df.stages.size(); ++hops) {
    for (const Instruction& ins : s->instructions) {
      if (const auto* run = ins.as<RunInstr>())
        for (const SimpleCommand& c : commands_of(run->command))
          for (const auto& w : c.words)
            if (w == name || base_name_of(w) == name) return true;
      if (const auto* copy = ins.as<CopyInstr>()) {
        if (base_name_of(copy->dest) == name) return true;
        for (const auto& src : copy->sources)
          if (base_name_of(src) == name) return true;
      }
    }
    s = s->base_stage ? &df.stages[*s->base_stage] : nullptr;
  }
  return false;
}

std::string probe_fix(const BaseImageFacts& f, const std::vector<std::string>& path, const std::string& port) {
  const std::string url = "http://127.0.0.1:" + port + "/";
  if (!base_command_path(f, path, "node").empty())
    return "HEALTHCHECK CMD [\"node\", \"-e\", \"fetch('" + url +
           "').then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))\"]";
  if (!base_command_path(f, path, "wget").empty()) return "HEALTHCHECK CMD [\"wget\", \"-q\", \"--spider\", \"" + url + "\"]";
  if (!base_command_path(f, path, "curl").empty()) return "HEALTHCHECK CMD [\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"" + url + "\"]";
  if (!base_command_path(f, path, "pg_isready").empty()) return "HEALTHCHECK CMD [\"pg_isready\"]";
  return "install the command in the final stage, or probe with a program the image has";
}

}  // namespace

void check_healthcheck_command(const LintInput& in, Reporter& out) {
  const BaseImageFacts* facts = in.options.base_image;
  if (!facts || in.dockerfile.stages.empty()) return;
  const Stage& final = in.dockerfile.final_stage();
  const Instruction* at = nullptr;
  for (const Instruction& ins : final.instructions)
    if (ins.as<HealthcheckInstr>()) at = &ins;
  if (!at) return;
  const HealthcheckInstr& hc = *at->as<HealthcheckInstr>();
  if (hc.none || hc.test.args.empty()) return;
  std::vector<std::string> wanted;
  if (hc.test.json) {
    wanted = {hc.test.args.front()};
  } else {
    wanted = {"/bin/sh"};
    auto commands = commands_of(hc.test);
    if (!commands.empty() && !commands.front().words.empty() && !shell_builtins().count(commands.front().words.front()))
      wanted.push_back(commands.front().words.front());
  }
  // The final stage's PATH: an ENV PATH of the stage chain, else the image's.
  std::vector<std::string> path = facts->path;
  if (auto it = final.env.find("PATH"); it != final.env.end()) path = split_search_path(it->second);
  std::string port = "3000";
  for (const Instruction& ins : final.instructions)
    if (const auto* e = ins.as<ExposeInstr>(); e && !e->ports.empty()) port = e->ports.front().port;
  for (const auto& cmd : wanted) {
    if (cmd.find('$') != std::string::npos || !base_command_path(*facts, path, cmd).empty()) continue;
    if (installed_by_build(in.dockerfile, cmd)) continue;
    out.add("healthcheck-command-missing", *at,
            "the HEALTHCHECK runs " + (cmd == "/bin/sh" ? std::string("its shell /bin/sh") : cmd) +
                ", which the base image " + facts->ref +
                " does not have on its PATH and no step of the final stage installs: the check always fails and "
                "the container never becomes healthy",
            probe_fix(*facts, path, port));
    return;
  }
}

}  // namespace imgslim::dockerfiles
