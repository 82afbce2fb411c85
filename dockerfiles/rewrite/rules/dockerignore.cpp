// dockerignore: the build context leaves out what the image never needs
// (node_modules, .git, build output the Dockerfile rebuilds, tests, coverage,
// .env files, logs, Dockerfiles). The user's lines are kept; only missing
// patterns are appended, and never one that would hide a file the
// Dockerfile copies by name.
#include <algorithm>

#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

std::string normalise(std::string p) {
  while (!p.empty() && (p.back() == ' ' || p.back() == '\t' || p.back() == '\r')) p.pop_back();
  while (p.starts_with("/") || p.starts_with("./")) p = p.substr(p[0] == '/' ? 1 : 2);
  if (p.starts_with("**/")) p = p.substr(3);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

}  // namespace

std::string rule_dockerignore(const std::optional<std::string>& before, const RewriteDoc& doc, const RuleContext& ctx) {
  std::string text = before.value_or("");
  const auto& f = ctx.facts;
  std::vector<std::string> have, raw;
  for (const auto& line : f.dockerignore_lines) {
    have.push_back(normalise(line));
    std::string r = line;
    while (!r.empty() && (r.back() == ' ' || r.back() == '\t' || r.back() == '\r')) r.pop_back();
    raw.push_back(r);
  }
  // "**/x" is its own pattern (x at any depth); others compare normalised.
  auto mentioned = [&](const std::string& p) {
    const auto& list = p.starts_with("**/") ? raw : have;
    return std::find(list.begin(), list.end(), p) != list.end() ||
           std::find(list.begin(), list.end(), "!" + p) != list.end();
  };
  // What the Dockerfile does and copies.
  bool builds = false, tests = false;
  std::vector<std::string> copied;
  for (const auto& st : doc.typed.stages)
    for (const auto& in : st.instructions) {
      if (auto* run = in.as<RunInstr>()) {
        auto a = analyze_run(run->command.joined());
        builds = builds || a.build;
        tests = tests || a.test;
      }
      if (auto* c = in.as<CopyInstr>(); c && c->from.empty())
        for (const auto& s : c->sources) copied.push_back(normalise(s));
    }
  auto copies = [&](const std::string& prefix) {
    return std::any_of(copied.begin(), copied.end(), [&](const std::string& s) { return s.starts_with(prefix); });
  };

  std::vector<std::string> wanted = {".git"};
  if (f.is_node()) {
    wanted.push_back("node_modules");
    if (!f.workspaces.empty()) wanted.push_back("**/node_modules");  // every workspace package's own
    if (builds && !f.output_dir.empty() && !copies(f.output_dir)) wanted.push_back(f.output_dir);
    if (builds)
      for (const auto& [dir, out] : f.runtime_workspaces)
        if (!out.empty() && !copies(dir + "/" + out)) wanted.push_back(dir + "/" + out);
    if (f.next_app)
      for (const char* d : {".next", "out"})
        if (!copies(d) && std::find(wanted.begin(), wanted.end(), d) == wanted.end()) wanted.push_back(d);
    if (f.next_app || !f.workspaces.empty()) wanted.push_back(".turbo");
    if (!tests) {
      for (const char* t : {"coverage", ".nyc_output"}) wanted.push_back(t);
    }
    wanted.push_back("npm-debug.log*");
    wanted.push_back("yarn-error.log");
  }
  if (!copies(".env")) {
    wanted.push_back(".env");
    wanted.push_back(".env.*");
  }
  if (!copies("Dockerfile")) wanted.push_back("Dockerfile*");
  wanted.push_back(".dockerignore");

  std::vector<std::string> add;
  for (const auto& w : wanted)
    if (!mentioned(w)) add.push_back(w);
  if (add.empty()) return text;
  if (!text.empty() && text.back() != '\n') text += "\n";
  if (!text.empty()) text += "\n";
  text += "# added by imgslim rewrite: not needed to build the image\n";
  std::string list;
  for (const auto& a : add) {
    text += a + "\n";
    list += (list.empty() ? "" : ", ") + a;
  }
  ctx.change("dockerignore", (before ? "extended .dockerignore with " : "new .dockerignore: ") + list +
                                 " (smaller build context, no secrets or host node_modules in COPY . .)");
  return text;
}

}  // namespace imgslim::dockerfiles
