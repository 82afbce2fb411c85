// dockerfiles/lint/ — `imgslim lint`: the rule runner, its config and output; rules/ holds one rule or
// one small family per file.
// May include: dockerfiles/project/, dockerfiles/instructions/, dockerfiles/syntax/, support/.
//
// imgslim lint: rules over the typed instructions, reported at CST
// positions. Rule ids are stable (docs/lint-rules.md); the size rules share
// their ids with the analyzer's advice and the rewriter.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/project/facts.h"
#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
std::string severity_name(Severity s);
std::optional<Severity> parse_severity(const std::string& s);

struct RuleInfo {
  std::string id;
  Severity severity;
  std::string summary;   // one line: what the rule finds
};

// Every rule, in documentation order.
const std::vector<RuleInfo>& lint_rules();
const RuleInfo* find_rule(const std::string& id);

struct Finding {
  std::string rule;
  Severity severity = Severity::Warning;
  std::string message;
  std::string file;
  int line = 0;
  int column = 0;
  std::string fix;
};

struct BaseImageFacts;  // base_image_facts.h

struct LintOptions {
  std::string context_dir;          // build context ("" = unknown: dockerignore is not checked)
  std::string dockerfile_path;      // for "<Dockerfile>.dockerignore"
  std::set<std::string> ignore;     // rule ids switched off
  // Context files treated as absent (a symlink leaving the context, a FIFO...)
  // are noted here, "PATH: why; treated as absent", when given.
  std::vector<std::string>* notes = nullptr;
  // What the build context says about the app (start command, output folder,
  // package manager), so fix texts name the project's own files; null = unknown.
  const ProjectFacts* facts = nullptr;
  // The final stage's base image as read (`--read-base`, `--base-image`):
  // healthcheck-command-missing runs only with it; null = not read.
  const BaseImageFacts* base_image = nullptr;
};

// Findings sorted by line, then column, then rule. Inline pragmas
// ("# imgslim ignore=rule[,rule]" above an instruction, "# imgslim
// ignore-file=rule" anywhere) are applied.
std::vector<Finding> lint(const Tree& tree, const Dockerfile& dockerfile, const LintOptions& options);

}  // namespace imgslim::dockerfiles
