// With the images read: each health check's command resolved on its image's
// PATH in the final file tree — the executable of an exec-form test, the
// shell of CMD-SHELL (or a string test) and the first command it runs.
#include <set>

#include "compose/checks/checks.h"
#include "compose/checks/health_probe.h"

namespace imgslim::compose {
namespace {

const std::set<std::string>& shell_builtins() {
  static const std::set<std::string> b = {"exit", "test", "[", "[[", "true", "false", "echo", "printf", "cd", "set",
                                          "if", "{", "(", ":", "kill", "read", "wait", "type", "command", "exec",
                                          "!", "for", "while", "until", "case", "eval", "trap", "ulimit", "export"};
  return b;
}

// The first command word of a shell line, past `VAR=value` assignments and
// `exec`; "" when the line starts with a builtin or keyword other than exec.
std::string first_command(const std::string& line) {
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && std::string(" \t;&|<>()").find(line[i]) == std::string::npos)
      ++i;
    std::string word = line.substr(start, i - start);
    if (word.empty()) return "";
    if (word.find('=') != std::string::npos && word.front() != '=') continue;  // VAR=value
    if (word == "exec") continue;
    if (word.find_first_of("$`'\"") != std::string::npos || shell_builtins().count(word)) return "";
    return word;
  }
}

const ImageFacts* facts_for(const AuditContext& ctx, const std::string& service) {
  for (const auto& f : ctx.options.images_read)
    if (f.service == service && f.error.empty() && !f.path.empty()) return &f;
  return nullptr;
}

bool in_path_dir(const ImageFacts& f, const std::string& file) {
  std::string dir = file.substr(0, file.rfind('/'));
  for (const auto& d : f.path)
    if (d == (dir.empty() ? "/" : dir)) return true;
  return false;
}

}  // namespace

void check_health_commands(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    const Healthcheck& hc = s.healthcheck;
    if (!hc.present || hc.disabled || hc.test.empty()) continue;
    const ImageFacts* f = facts_for(ctx, s.name);
    if (!f) continue;
    const Value* raw_test = s.raw->at({"healthcheck", "test"});
    std::vector<std::string> wanted;  // commands the image must have, in order
    if (raw_test && raw_test->is_scalar()) {
      wanted = {"/bin/sh", first_command(raw_test->scalar)};
    } else if (hc.test[0] == "CMD-SHELL" && hc.test.size() > 1) {
      wanted = {"/bin/sh", first_command(hc.test[1])};
    } else if (hc.test[0] == "CMD" && hc.test.size() > 1) {
      wanted = {hc.test[1]};
    }
    for (const auto& cmd : wanted) {
      if (cmd.empty() || (cmd.find('/') != std::string::npos && !in_path_dir(*f, cmd))) continue;
      if (image_has_command(*f, cmd)) continue;
      std::string what = cmd == "/bin/sh" ? "its shell /bin/sh" : cmd;
      std::string have = probe_tools(*f);
      std::string advice;
      if (auto probe = health_probe(s, f)) {
        std::string test;
        for (std::size_t i = 0; i < probe->test.size(); ++i)
          test += (i ? ", " : "[") + std::string("\"") + probe->test[i] + "\"";
        advice = "; the image has " + have + ": use test: " + test + "] (" + probe->tool + ")";
      } else {
        advice = have.empty() ? "; the image has none of wget, curl, node, pg_isready or bash: add one to the image"
                              : "; the image has " + have;
      }
      ctx.add("compose-healthcheck-command-missing", &s,
              "the health check runs " + what + ", which image " + f->ref +
                  " does not have on its PATH: the check always fails, " + s.name +
                  " never becomes healthy and services waiting for it (service_healthy) never start" + advice,
              s.at({"healthcheck", "test"}));
      break;
    }
  }
}

}  // namespace imgslim::compose
