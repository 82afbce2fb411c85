#include "dockerfiles/lint/lint.h"

#include <algorithm>
#include <sstream>

#include "dockerfiles/lint/context.h"
#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

std::string severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(const std::string& s) {
  if (s == "info") return Severity::Info;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

const std::vector<RuleInfo>& lint_rules() {
  static const std::vector<RuleInfo> rules = {
      {"multi-stage", Severity::Warning, "the final stage builds the app and ships its build toolchain"},
      {"prod-deps", Severity::Warning, "dev dependencies installed in the final stage"},
      {"cache-mounts", Severity::Warning, "package-manager cache left in a layer of the final stage"},
      {"layer-order", Severity::Warning, "the whole context is copied before dependencies are installed"},
      {"slim-base", Severity::Warning, "the final stage is based on a full (non-slim) image"},
      {"non-root", Severity::Warning, "the final stage runs as root"},
      {"init", Severity::Warning, "node/npm runs as PID 1 without an init process"},
      {"dockerignore", Severity::Warning, "the whole context is copied and there is no .dockerignore"},
      {"apt-hygiene", Severity::Warning, "apt-get without --no-install-recommends or lists left behind"},
      {"apt-upgrade", Severity::Info, "packages upgraded inside the image"},
      {"npm-as-runtime", Severity::Warning, "npm/yarn/pnpm is the container's main process"},
      {"shell-form-cmd", Severity::Warning, "CMD/ENTRYPOINT in shell form"},
      {"invalid-exec-form", Severity::Error, "an exec form that is not JSON runs as a shell string"},
      {"add-instead-of-copy", Severity::Info, "ADD used where COPY does the job"},
      {"unpinned-base", Severity::Warning, "base image without a tag or with :latest"},
      {"secret-in-env", Severity::Error, "a secret-looking name in ENV or ARG"},
      {"maintainer", Severity::Info, "the deprecated MAINTAINER instruction"},
      {"no-healthcheck", Severity::Info, "a service (EXPOSE) without HEALTHCHECK"},
      {"healthcheck-command-missing", Severity::Error,
       "the HEALTHCHECK runs a command the base image lacks and the build does not install (--read-base)"},
      {"cd-in-run", Severity::Info, "cd inside RUN instead of WORKDIR"},
      {"pipefail", Severity::Warning, "a pipe in RUN without pipefail"},
      {"node-env", Severity::Warning, "NODE_ENV is not production in the final stage"},
  };
  return rules;
}

const RuleInfo* find_rule(const std::string& id) {
  for (const RuleInfo& r : lint_rules())
    if (r.id == id) return &r;
  return nullptr;
}

void Reporter::add(const std::string& rule, const Instruction& at, std::string message, std::string fix) {
  const RuleInfo* info = find_rule(rule);
  Finding f;
  f.rule = rule;
  f.severity = info ? info->severity : Severity::Warning;
  f.message = std::move(message);
  f.file = file_;
  f.line = at.keyword_at.line;
  f.column = at.keyword_at.column;
  f.fix = std::move(fix);
  findings_.push_back(std::move(f));
  nodes_.push_back(at.node_index);
}

namespace {

// "imgslim ignore=a,b" / "imgslim ignore-file=a" in a comment text.
std::vector<std::string> pragma_rules(std::string_view comment, std::string_view key) {
  std::string_view c = go_trim_space(comment);
  if (!c.empty() && c[0] == '#') c = go_trim_space(c.substr(1));
  std::string prefix = "imgslim " + std::string(key) + "=";
  if (c.rfind(prefix, 0) != 0) return {};
  std::vector<std::string> out;
  std::stringstream ss{std::string(c.substr(prefix.size()))};
  std::string id;
  while (std::getline(ss, id, ',')) {
    std::string t(go_trim_space(id));
    std::size_t sp = t.find_first_of(" \t");
    if (sp != std::string::npos) t = t.substr(0, sp);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<Finding> lint(const Tree& tree, const Dockerfile& df, const LintOptions& options) {
  LintInput in{tree, df, options};
  Reporter rep(tree.name);
  run_rules(in, rep);

  std::set<std::string> file_ignores = options.ignore;
  for (const Node& n : tree.nodes)
    if (n.kind == NodeKind::Comment || n.kind == NodeKind::Instruction)
      for (const Piece& p : n.pieces)
        if (p.kind == PieceKind::Comment)
          for (auto& id : pragma_rules(p.text, "ignore-file")) file_ignores.insert(id);

  std::vector<Finding> out;
  for (std::size_t i = 0; i < rep.findings().size(); ++i) {
    Finding& f = rep.findings()[i];
    if (file_ignores.count(f.rule)) continue;
    bool ignored = false;
    const Node& node = tree.nodes.at(rep.nodes()[i]);
    for (const std::string& c : node.ast.prev_comment)
      for (const std::string& id : pragma_rules(c, "ignore"))
        ignored = ignored || id == f.rule || id == "all";
    if (!ignored) out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return a.rule < b.rule;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Finding& a, const Finding& b) {
                          return a.rule == b.rule && a.line == b.line && a.message == b.message;
                        }),
            out.end());
  return out;
}

}  // namespace imgslim::dockerfiles
