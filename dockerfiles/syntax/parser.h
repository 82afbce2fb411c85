// dockerfiles/syntax/ — Dockerfile text as BuildKit's parser reads it: source file and positions,
// directives, line parsers, the lossless syntax tree, quoting, JSON arrays, the shell lexer and word
// patterns, variable expansion.
// May include: support/.
//
// Dockerfile text <-> syntax tree, following BuildKit's frontend parser.
#pragma once
#include <string>
#include <string_view>

#include "dockerfiles/syntax/syntax_tree.h"

namespace imgslim::dockerfiles {

// Parses a whole Dockerfile. Throws imgslim::Error("NAME:LINE:COL", problem)
// on what BuildKit rejects (unterminated heredoc, non-string JSON element,
// ENV without value, no instructions, ...). Never crashes on any bytes.
Tree parse(std::string_view text, const std::string& name = "Dockerfile");

// The exact bytes the tree holds: print(parse(t)) == t.
std::string print(const Tree& tree);

// BuildKit's AST.Dump() format, one "(keyword ...)" line per instruction,
// with a trailing newline (equal to BuildKit's testfiles/*/result).
std::string dump(const Tree& tree);
std::string dump(const AstNode& node);

// Parses one instruction text (possibly several lines, heredocs included)
// as a Node, for tools that insert new instructions into a tree.
// `escape` is the tree's escape character.
Node parse_instruction(std::string_view text, char escape = '\\');

}  // namespace imgslim::dockerfiles
