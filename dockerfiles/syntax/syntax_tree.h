// The lossless concrete syntax tree of a Dockerfile.
//
// Every byte of the input belongs to exactly one top-level Node, in order:
// print(tree) == tree.bom + concat(node.text). Inside an instruction node the
// Pieces partition node.text again (keyword, flags, arguments, whitespace,
// escapes that continue the line, comment and blank lines inside a
// continuation, heredoc bodies and terminators, newlines).
//
// Each instruction also carries its BuildKit AST (AstNode): the exact values
// BuildKit's parser produces (what `dump` prints and what typed
// instructions are derived from).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "dockerfiles/syntax/position.h"

namespace imgslim::dockerfiles {

enum class NodeKind {
  Directive,    // "# escape=`" / "# syntax=..." / "# check=..." in the directive header
  Comment,      // a comment line between instructions
  Blank,        // an empty or whitespace-only line between instructions
  Instruction,  // one logical instruction: its physical lines, heredoc bodies included
};

enum class PieceKind {
  Whitespace,    // spaces/tabs (indentation, separators, trailing blanks)
  Keyword,       // the instruction word as written ("run", "FROM")
  Flag,          // one "--name=value" builder flag as written (quotes included)
  Arguments,     // argument text of one physical line (as written, escapes kept)
  Continuation,  // the escape char that continues the line (plus trailing blanks)
  Comment,       // a whole comment line inside a continuation (without newline)
  Newline,       // "\n" or "\r\n" (or any run of trailing '\r' plus '\n')
  HeredocBody,   // one line of heredoc content (newline included)
  HeredocEnd,    // the terminator line (newline included if present)
};

struct Piece {
  PieceKind kind;
  Span span;
  std::string text;
};

struct Heredoc {
  std::string name;           // delimiter word, quotes removed
  unsigned file_descriptor = 0;  // "3<<EOF" -> 3 (0 when absent)
  bool expand = true;         // false when the delimiter was quoted
  bool chomp = false;         // "<<-EOF": leading tabs stripped
  std::string content;        // body lines, newlines kept, as BuildKit stores them
};

// BuildKit's parser.Node for one instruction, flattened.
struct AstNode {
  std::string value;                  // instruction word as written ("run", "FROM")
  std::vector<std::string> flags;     // "--mount=type=cache,target=/x" (quotes removed)
  std::vector<std::string> args;      // the Next chain values (ENV/LABEL: key, value, sep triples)
  bool json = false;                  // exec (JSON array) form
  std::unique_ptr<AstNode> sub;       // ONBUILD's nested instruction
  std::vector<Heredoc> heredocs;
  std::string original;               // the logical line BuildKit saw (continuations joined)
  std::vector<std::string> prev_comment;  // comment lines directly above
  int start_line = 0;                 // first physical line (1-based)
  int end_line = 0;                   // last physical line (heredoc terminators included)

  AstNode() = default;
  AstNode(const AstNode& other);
  AstNode& operator=(const AstNode& other);
  AstNode(AstNode&&) noexcept = default;
  AstNode& operator=(AstNode&&) noexcept = default;
};

struct Node {
  NodeKind kind = NodeKind::Blank;
  Span span;
  std::string text;             // exact bytes of this node (newlines included)
  std::vector<Piece> pieces;    // partition of text (Instruction and Directive nodes)
  AstNode ast;                  // Instruction nodes only

  // Directive nodes: lowercased name and value.
  std::string directive_name;
  std::string directive_value;

  // Instruction nodes: the keyword upper-cased ("RUN"), or "" otherwise.
  std::string keyword() const;
  // Pieces of one kind, in order.
  std::vector<const Piece*> pieces_of(PieceKind kind) const;
};

struct Tree {
  std::string name;             // what errors and findings call the file
  std::string bom;              // "\xEF\xBB\xBF" when present, else ""
  char escape = '\\';           // from the escape directive
  std::vector<Node> nodes;

  // Instruction nodes only, in order (pointers into nodes; invalidated by edits).
  std::vector<const Node*> instructions() const;
};

}  // namespace imgslim::dockerfiles
