// The Dockerfile a rewrite rule edits: the lossless syntax tree plus the
// typed view of it, and the edit helpers rules share (the comment block
// attached to an instruction, new nodes in the file's escape and line-ending
// style, re-parsing after an edit).
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/project/facts.h"
#include "dockerfiles/rewrite/rewrite.h"
#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

class RewriteDoc {
 public:
  RewriteDoc(const std::string& text, std::string name);

  Tree tree;
  Dockerfile typed;

  // Prints the edited tree and parses it again (typed view refreshed).
  void reparse();
  std::string text() const;

  // First node of the block an instruction owns: the comment lines directly
  // above it (no blank line between).
  std::size_t block_begin(std::size_t node_index) const;
  // One past the last node of a stage (before the next stage's block).
  std::size_t stage_end(std::size_t stage) const;
  std::size_t stage_begin(std::size_t stage) const;

  // A new instruction node from text without the final newline ("USER node").
  Node make(const std::string& instruction) const;
  Node blank() const;
  const std::string& newline() const { return newline_; }

  void insert(std::size_t at, std::vector<Node> nodes);
  void replace_text(std::size_t node_index, const std::string& instruction);

 private:
  std::string name_;
  std::string newline_ = "\n";
};

struct RuleContext {
  const ProjectFacts& facts;
  const RewriteOptions& options;
  std::vector<RewriteChange>& changes;
  std::vector<std::string>& notes;
  std::vector<LeftFinding>& left;
  // A lint finding (by rule id) this rule leaves in place, and why.
  void leave(const std::string& lint_rule, const std::string& reason) const { left.push_back({lint_rule, reason, 0}); }
  void change(const std::string& rule, const std::string& message) const { changes.push_back({rule, message}); }
  void note(const std::string& message) const;
};

// Node text without its line ending(s) at the end.
std::string trim_newline(std::string text);

}  // namespace imgslim::dockerfiles
