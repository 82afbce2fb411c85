#include "dockerfiles/rewrite/doc.h"

#include <algorithm>

#include "dockerfiles/syntax/parser.h"

namespace imgslim::dockerfiles {

RewriteDoc::RewriteDoc(const std::string& text, std::string name) : name_(std::move(name)) {
  if (text.find("\r\n") != std::string::npos) newline_ = "\r\n";
  tree = parse(text, name_);
  typed = build_instructions(tree);
}

void RewriteDoc::reparse() {
  std::string t = print(tree);
  tree = parse(t, name_);
  typed = build_instructions(tree);
}

std::string RewriteDoc::text() const { return print(tree); }

std::size_t RewriteDoc::block_begin(std::size_t node_index) const {
  std::size_t i = node_index;
  while (i > 0 && tree.nodes[i - 1].kind == NodeKind::Comment) --i;
  return i;
}

std::size_t RewriteDoc::stage_begin(std::size_t stage) const {
  return block_begin(typed.stages[stage].instructions.front().node_index);
}

std::size_t RewriteDoc::stage_end(std::size_t stage) const {
  if (stage + 1 < typed.stages.size()) {
    std::size_t next = stage_begin(stage + 1);
    // Blank lines before the next stage's block belong to the gap, not this stage.
    while (next > 0 && tree.nodes[next - 1].kind == NodeKind::Blank) --next;
    return next;
  }
  return tree.nodes.size();
}

Node RewriteDoc::make(const std::string& instruction) const {
  std::string text = instruction;
  if (newline_ != "\n") {
    std::string converted;
    for (char c : text) {
      if (c == '\n') converted += newline_;
      else converted += c;
    }
    text = converted;
  }
  return parse_instruction(text + newline_, tree.escape);
}

Node RewriteDoc::blank() const {
  Node n;
  n.kind = NodeKind::Blank;
  n.text = newline_;
  return n;
}

void RewriteDoc::insert(std::size_t at, std::vector<Node> nodes) {
  // A file whose last line has no newline gets one before anything is appended.
  if (at > 0 && at == tree.nodes.size()) {
    auto& last = tree.nodes.back();
    if (!last.text.empty() && last.text.back() != '\n') {
      std::string fixed = last.text + newline_;
      if (last.kind == NodeKind::Instruction) last = parse_instruction(fixed, tree.escape);
      else last.text = fixed;
    }
  }
  tree.nodes.insert(tree.nodes.begin() + at, std::make_move_iterator(nodes.begin()),
                    std::make_move_iterator(nodes.end()));
}

void RewriteDoc::replace_text(std::size_t node_index, const std::string& instruction) {
  tree.nodes[node_index] = make(instruction);
}

void RuleContext::note(const std::string& message) const {
  if (std::find(notes.begin(), notes.end(), message) == notes.end()) notes.push_back(message);
}

std::string trim_newline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace imgslim::dockerfiles
