// What every lint rule receives (internal to the linter).
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/lint/lint.h"
#include "dockerfiles/syntax/shell_commands.h"

namespace imgslim::dockerfiles {

struct LintInput {
  const Tree& tree;
  const Dockerfile& dockerfile;
  const LintOptions& options;
};

class Reporter {
 public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}
  void add(const std::string& rule, const Instruction& at, std::string message, std::string fix);
  std::vector<Finding>& findings() { return findings_; }
  // Node index each finding was reported on (for the ignore pragmas).
  const std::vector<std::size_t>& nodes() const { return nodes_; }

 private:
  std::string file_;
  std::vector<Finding> findings_;
  std::vector<std::size_t> nodes_;
};

// The rule groups.
void check_size_rules(const LintInput& in, Reporter& out);
void check_runtime_rules(const LintInput& in, Reporter& out);
void check_hygiene_rules(const LintInput& in, Reporter& out);
void check_exec_form_rules(const LintInput& in, Reporter& out);  // invalid-exec-form

// Shared helpers.
bool is_npm_install(const SimpleCommand& c);      // npm install/i/ci, yarn [install], pnpm install/i
bool installs_dev_deps(const SimpleCommand& c);   // ... without a production flag
bool is_build_command(const SimpleCommand& c);    // npm run build, tsc, vite build, ...
bool copies_whole_context(const CopyInstr& c);    // COPY . . (no --from)
std::string base_image_name(const std::string& image);  // "docker.io/library/node:20" -> "node"

}  // namespace imgslim::dockerfiles
