// invalid-exec-form: a CMD/ENTRYPOINT/RUN/HEALTHCHECK CMD written like an
// exec form (`[...]`) that is not a JSON array of strings. BuildKit then
// falls back to the shell form and runs the whole text as one shell string
// (`/bin/sh -c '["node", "a.js"'`), which fails when the container starts;
// the finding says exactly that, and gives the exec form it was meant to be
// when a missing `]` or single quotes explain it.
#include "dockerfiles/lint/context.h"
#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/go_quote.h"
#include "dockerfiles/syntax/json_array.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The exec form the text was likely meant to be, or "".
std::string repaired(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  std::string single = text;
  for (char& c : single)
    if (c == '\'') c = '"';
  for (const std::string& candidate : {text + "]", single, single + "]"}) {
    JsonArray a = parse_json_string_array(candidate);
    if (a.status != JsonArrayStatus::Strings || a.values.empty()) continue;
    std::string out = "[";
    for (std::size_t i = 0; i < a.values.size(); ++i) out += (i ? ", " : "") + go_quote(a.values[i]);
    return out + "]";
  }
  return "";
}

void check(const Instruction& ins, const CommandLine& line, const std::string& keyword,
           const std::vector<std::string>& shell, Reporter& out) {
  if (line.json || line.args.size() != 1) return;
  const std::string text(go_trim_space(line.args[0]));
  if (text.empty() || text[0] != '[') return;
  std::string run_as;
  for (const auto& w : shell) run_as += w + " ";
  const std::string fixed = repaired(text);
  out.add("invalid-exec-form", ins,
          keyword + " " + text + " is not a JSON array of strings, so BuildKit runs it in shell form, as the string `" +
              run_as + shell_quote(text) + "`",
          fixed.empty() ? keyword + " [\"executable\", \"arg\", ...] with every element in double quotes"
                        : keyword + " " + fixed);
}

}  // namespace

void check_exec_form_rules(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    std::vector<std::string> shell = {"/bin/sh", "-c"};
    for (const Instruction& ins : s.instructions) {
      if (const auto* sh = ins.as<ShellInstr>()) shell = sh->shell;
      if (const auto* c = ins.as<CmdInstr>()) check(ins, c->command, "CMD", shell, out);
      if (const auto* e = ins.as<EntrypointInstr>()) check(ins, e->command, "ENTRYPOINT", shell, out);
      if (const auto* r = ins.as<RunInstr>()) check(ins, r->command, "RUN", shell, out);
      if (const auto* h = ins.as<HealthcheckInstr>(); h && !h->none)
        check(ins, h->test, "HEALTHCHECK CMD", {"/bin/sh", "-c"}, out);  // CMD-SHELL runs under /bin/sh -c
    }
  }
}

}  // namespace imgslim::dockerfiles
