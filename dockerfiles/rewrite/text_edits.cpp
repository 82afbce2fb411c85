#include "dockerfiles/rewrite/text_edits.h"

namespace imgslim::dockerfiles {

std::size_t arguments_offset(const Node& node) {
  std::size_t offset = 0;
  bool after_keyword = false;
  for (const auto& p : node.pieces) {
    if (after_keyword && p.kind != PieceKind::Whitespace && p.kind != PieceKind::Flag) return offset;
    if (p.kind == PieceKind::Keyword) after_keyword = true;
    offset += p.text.size();
  }
  return offset;
}

namespace {

std::string escape_regex_char(char c) {
  std::string special = "\\^$.|?*+()[]{}";
  return special.find(c) != std::string::npos ? std::string("\\") + c : std::string(1, c);
}

}  // namespace

bool remove_shell_command(std::string& text, const std::string& command, char escape) {
  const std::string gap = "(?:[ \\t]|" + escape_regex_char(escape) + "\\r?\\n)*";
  // "... && cmd" (cmd after another command)
  std::regex after(gap + "&&" + gap + "(?:" + command + ")");
  std::smatch m;
  if (std::regex_search(text, m, after)) {
    text.erase(m.position(0), m.length(0));
    return true;
  }
  // "cmd && ..." (cmd first)
  std::regex before("(?:" + command + ")" + gap + "&&[ \\t]*");
  if (std::regex_search(text, m, before)) {
    text.erase(m.position(0), m.length(0));
    return true;
  }
  return false;
}

bool remove_word(std::string& text, const std::string& word) {
  size_t pos = 0;
  while ((pos = text.find(word, pos)) != std::string::npos) {
    size_t end = pos + word.size();
    bool left = pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t');
    bool right = end == text.size() || text[end] == ' ' || text[end] == '\t' || text[end] == '\n' ||
                 text[end] == '\r';
    if (left && right) {
      size_t ws = pos;
      while (ws > 0 && (text[ws - 1] == ' ' || text[ws - 1] == '\t')) --ws;
      text.erase(ws, end - ws);
      return true;
    }
    pos = end;
  }
  return false;
}

bool replace_first(std::string& text, const std::string& pattern, const std::string& replacement) {
  std::regex re(pattern);
  std::smatch m;
  if (!std::regex_search(text, m, re)) return false;
  text = m.prefix().str() + m.format(replacement) + m.suffix().str();
  return true;
}

}  // namespace imgslim::dockerfiles
