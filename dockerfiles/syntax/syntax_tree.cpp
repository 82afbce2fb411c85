#include "dockerfiles/syntax/syntax_tree.h"

#include <cctype>

namespace imgslim::dockerfiles {

AstNode::AstNode(const AstNode& other)
    : value(other.value),
      flags(other.flags),
      args(other.args),
      json(other.json),
      sub(other.sub ? std::make_unique<AstNode>(*other.sub) : nullptr),
      heredocs(other.heredocs),
      original(other.original),
      prev_comment(other.prev_comment),
      start_line(other.start_line),
      end_line(other.end_line) {}

AstNode& AstNode::operator=(const AstNode& other) {
  if (this != &other) {
    AstNode copy(other);
    *this = std::move(copy);
  }
  return *this;
}

std::string Node::keyword() const {
  if (kind != NodeKind::Instruction) return "";
  std::string out = ast.value;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<const Piece*> Node::pieces_of(PieceKind k) const {
  std::vector<const Piece*> out;
  for (const Piece& p : pieces)
    if (p.kind == k) out.push_back(&p);
  return out;
}

std::vector<const Node*> Tree::instructions() const {
  std::vector<const Node*> out;
  for (const Node& n : nodes)
    if (n.kind == NodeKind::Instruction) out.push_back(&n);
  return out;
}

}  // namespace imgslim::dockerfiles
