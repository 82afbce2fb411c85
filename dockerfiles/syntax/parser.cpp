// The main loop of BuildKit's parser.Parse, building the lossless tree on
// the way: every physical line is owned by exactly one node, and every byte
// of an instruction's lines by one piece.
#include "dockerfiles/syntax/parser.h"

#include <algorithm>

#include "dockerfiles/syntax/directive_parser.h"
#include "dockerfiles/syntax/go_quote.h"
#include "dockerfiles/syntax/line_parsers.h"
#include "dockerfiles/syntax/unicode_text.h"
#include "support/error.h"

namespace imgslim::dockerfiles {

namespace {

// bufio.Scanner's default limit: a line (newline included) above it fails.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

struct PhysicalLine {
  std::size_t begin = 0;        // first byte (after the BOM on line 1)
  std::size_t content_end = 0;  // before the trailing "\r...\n" run
  std::size_t end = 0;          // after the newline
};

class Builder {
 public:
  Builder(std::string_view text, const std::string& name) : text_(text) {
    tree_.name = name;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") tree_.bom = "\xEF\xBB\xBF";
    split_lines();
  }

  Tree run();

 private:
  void split_lines() {
    std::size_t pos = tree_.bom.size();
    std::size_t line_start = 0;
    while (pos < text_.size()) {
      std::size_t nl = text_.find('\n', pos);
      std::size_t end = nl == std::string_view::npos ? text_.size() : nl + 1;
      if (end - line_start > kMaxLineBytes)
        fail(lines_.size() + 1, 1, "dockerfile line greater than max allowed size of " +
                                       std::to_string(kMaxLineBytes - 1));
      std::size_t ce = end;
      while (ce > pos && (text_[ce - 1] == '\n' || text_[ce - 1] == '\r')) --ce;
      lines_.push_back({pos, ce, end});
      line_start = end;
      pos = end;
    }
  }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& problem) const {
    throw Error(tree_.name + ":" + std::to_string(line) + ":" + std::to_string(column), problem);
  }

  Position position(std::size_t offset) const {
    auto it = std::upper_bound(lines_.begin(), lines_.end(), offset,
                               [](std::size_t off, const PhysicalLine& l) { return off < l.begin; });
    std::size_t idx = it == lines_.begin() ? 0 : static_cast<std::size_t>(it - lines_.begin()) - 1;
    if (lines_.empty()) return {1, static_cast<int>(offset) + 1, offset};
    std::size_t col = offset >= lines_[idx].begin ? offset - lines_[idx].begin + 1 : 1;
    return {static_cast<int>(idx + 1), static_cast<int>(col), offset};
  }

  void add_piece(Node& node, PieceKind kind, std::size_t b, std::size_t e) {
    if (e <= b) return;
    if (!node.pieces.empty() && node.pieces.back().kind == kind && node.pieces.back().span.end.offset == b &&
        kind != PieceKind::Flag && kind != PieceKind::HeredocBody && kind != PieceKind::HeredocEnd) {
      Piece& last = node.pieces.back();
      last.text.append(text_.substr(b, e - b));
      last.span.end = position(e);
      return;
    }
    node.pieces.push_back({kind, {position(b), position(e)}, std::string(text_.substr(b, e - b))});
  }

  std::size_t leading_space_end(std::size_t b, std::size_t e) const {
    while (b < e) {
      Rune r = decode_rune(text_.substr(0, e), b);
      if (!is_space(r.value)) break;
      b += r.width;
    }
    return b;
  }

  bool is_comment(const PhysicalLine& l) const {
    std::size_t b = leading_space_end(l.begin, l.end);
    return b < l.end && text_[b] == '#';
  }

  // The continuation regex: escape + [ \t]* at the end, not preceded by a
  // second escape. Returns where the escape sits, if the line continues.
  std::optional<std::size_t> continuation_at(std::size_t b, std::size_t e) const {
    std::size_t i = e;
    while (i > b && (text_[i - 1] == ' ' || text_[i - 1] == '\t')) --i;
    if (i == b || text_[i - 1] != tree_.escape) return std::nullopt;
    std::size_t esc = i - 1;
    if (esc > b && text_[esc - 1] == tree_.escape) return std::nullopt;
    return esc;
  }

  Node trivia_node(NodeKind kind, const PhysicalLine& l) {
    Node n;
    n.kind = kind;
    n.span = {position(l.begin), position(l.end)};
    n.text = std::string(text_.substr(l.begin, l.end - l.begin));
    std::size_t ws = leading_space_end(l.begin, l.content_end);
    add_piece(n, PieceKind::Whitespace, l.begin, ws);
    add_piece(n, PieceKind::Comment, ws, l.content_end);
    add_piece(n, PieceKind::Newline, l.content_end, l.end);
    return n;
  }

  struct Segment {          // one physical line's contribution to the logical line
    std::size_t src_begin, src_end, logical_begin;
  };

  void add_instruction_pieces(Node& node, const std::vector<std::size_t>& head_lines,
                              const std::vector<Segment>& segments, const LineLayout& layout,
                              std::size_t logical_size);

  std::string_view text_;
  Tree tree_;
  std::vector<PhysicalLine> lines_;
};

void Builder::add_instruction_pieces(Node& node, const std::vector<std::size_t>& head_lines,
                                     const std::vector<Segment>& segments, const LineLayout& layout,
                                     std::size_t logical_size) {
  // Class of each logical byte: 0 other, 1 keyword, 2+k flag k.
  std::vector<std::uint32_t> cls(logical_size, 0);
  for (std::size_t i = layout.keyword_begin; i < layout.keyword_end && i < logical_size; ++i) cls[i] = 1;
  for (std::size_t k = 0; k < layout.flags.size(); ++k)
    for (std::size_t i = layout.flags[k].first; i < layout.flags[k].second && i < logical_size; ++i)
      cls[i] = static_cast<std::uint32_t>(2 + k);

  std::size_t seg = 0;
  for (std::size_t li = 0; li < head_lines.size(); ++li) {
    const PhysicalLine& l = lines_[head_lines[li]];
    if (seg < segments.size() && segments[seg].src_begin >= l.begin &&
        segments[seg].src_begin <= l.content_end) {
      const Segment& s = segments[seg];
      {
        add_piece(node, PieceKind::Whitespace, l.begin, s.src_begin);
        std::size_t i = s.src_begin;
        while (i < s.src_end) {
          std::size_t lo = s.logical_begin + (i - s.src_begin);
          std::uint32_t c = cls[lo];
          std::size_t j = i + 1;
          if (c == 0) {
            bool blank = text_[i] == ' ' || text_[i] == '\t';
            while (j < s.src_end && cls[s.logical_begin + (j - s.src_begin)] == 0 &&
                   (text_[j] == ' ' || text_[j] == '\t') == blank)
              ++j;
            add_piece(node, blank ? PieceKind::Whitespace : PieceKind::Arguments, i, j);
          } else {
            while (j < s.src_end && cls[s.logical_begin + (j - s.src_begin)] == c) ++j;
            if (c == 1) {
              add_piece(node, PieceKind::Keyword, i, j);
            } else {
              node.pieces.push_back({PieceKind::Flag, {position(i), position(j)},
                                     std::string(text_.substr(i, j - i))});
            }
          }
          i = j;
        }
        add_piece(node, PieceKind::Continuation, s.src_end, l.content_end);
        add_piece(node, PieceKind::Newline, l.content_end, l.end);
        ++seg;
        continue;
      }
    }
    // A comment or empty line inside the continuation.
    std::size_t ws = leading_space_end(l.begin, l.content_end);
    add_piece(node, PieceKind::Whitespace, l.begin, ws);
    add_piece(node, PieceKind::Comment, ws, l.content_end);
    add_piece(node, PieceKind::Newline, l.content_end, l.end);
  }
}

Tree Builder::run() {
  DirectiveParser directives;
  std::vector<std::string> comments;
  std::size_t i = 0;
  bool any_instruction = false;
  const auto content = [&](const PhysicalLine& l) { return text_.substr(l.begin, l.content_end - l.begin); };

  while (i < lines_.size()) {
    const std::size_t first = i;
    const PhysicalLine& l = lines_[i];
    if (is_comment(l)) {
      std::string_view raw = text_.substr(l.begin, l.end - l.begin);
      std::string c(go_trim_space(raw.substr(1)));
      if (c.empty()) {
        comments.clear();
      } else {
        comments.push_back(c);
      }
    }
    // processLine(strip leading whitespace)
    std::size_t kb = leading_space_end(l.begin, l.content_end);
    std::optional<Directive> directive;
    try {
      directive = directives.parse_line(text_.substr(kb, l.content_end - kb));
    } catch (const LineError& e) {
      fail(i + 1, 1, e.what());
    }
    if (directive) {
      if (!comments.empty()) comments.pop_back();
      if (directive->name == "escape") {
        if (directive->value != "`" && directive->value != "\\")
          fail(i + 1, 1, "invalid escape token '" + directive->value + "' does not match ` or \\");
        tree_.escape = directive->value[0];
      }
    }
    const bool comment_line = kb < l.content_end && text_[kb] == '#';
    ++i;
    std::size_t keep_end = comment_line ? kb : l.content_end;
    std::optional<std::size_t> cont = comment_line ? std::nullopt : continuation_at(kb, keep_end);
    if (!cont && keep_end == kb) {
      Node n = trivia_node(directive ? NodeKind::Directive : comment_line ? NodeKind::Comment : NodeKind::Blank, l);
      if (directive) {
        n.directive_name = directive->name;
        n.directive_value = directive->value;
      }
      tree_.nodes.push_back(std::move(n));
      continue;
    }

    std::string logical;
    std::vector<Segment> segments;
    std::vector<std::size_t> head_lines{first};
    std::size_t seg_end = cont ? *cont : keep_end;
    segments.push_back({kb, seg_end, 0});
    logical.append(text_.substr(kb, seg_end - kb));
    bool end_of_line = !cont;
    while (!end_of_line && i < lines_.size()) {
      const PhysicalLine& cl = lines_[i];
      try {
        directives.parse_line(content(cl));
      } catch (const LineError& e) {
        fail(i + 1, 1, e.what());
      }
      head_lines.push_back(i);
      ++i;
      if (is_comment(cl)) continue;
      if (leading_space_end(cl.begin, cl.content_end) == cl.content_end) continue;
      std::optional<std::size_t> c2 = continuation_at(cl.begin, cl.content_end);
      std::size_t e2 = c2 ? *c2 : cl.content_end;
      segments.push_back({cl.begin, e2, logical.size()});
      logical.append(text_.substr(cl.begin, e2 - cl.begin));
      end_of_line = !c2;
    }
    const std::size_t start_line = first + 1;

    LineLayout layout;
    AstNode ast;
    try {
      ast = node_from_line(logical, tree_.escape, &layout);
    } catch (const LineError& e) {
      fail(start_line, kb - l.begin + 1, e.what());
    }
    ast.prev_comment = comments;
    ast.start_line = static_cast<int>(start_line);

    std::vector<std::pair<std::size_t, std::size_t>> heredoc_lines;  // (body begin line, end line)
    if (can_contain_heredoc(ast) && logical.find("<<") != std::string::npos) {
      std::vector<Heredoc> docs;
      try {
        docs = heredocs_from_line(logical);
      } catch (const LineError& e) {
        fail(start_line, kb - l.begin + 1, e.what());
      }
      std::size_t marker_search = 0;
      for (Heredoc& doc : docs) {
        std::size_t marker = logical.find("<<", marker_search);
        if (marker != std::string::npos) marker_search = marker + 2;
        std::size_t body_first = i;
        bool terminated = false;
        std::string body;
        while (i < lines_.size()) {
          const PhysicalLine& hl = lines_[i];
          ++i;
          std::string_view candidate = content(hl);
          if (doc.chomp) {
            std::size_t t = candidate.find_first_not_of('\t');
            candidate = t == std::string_view::npos ? std::string_view() : candidate.substr(t);
          }
          if (candidate == doc.name) {
            terminated = true;
            break;
          }
          body.append(text_.substr(hl.begin, hl.end - hl.begin));
        }
        if (!terminated) {
          std::size_t col = kb - l.begin + 1;
          std::string shown = "<<" + doc.name;
          if (marker != std::string::npos) {
            std::size_t b = marker;
            while (b > 0 && logical[b - 1] >= '0' && logical[b - 1] <= '9') --b;
            std::size_t e = marker;
            while (e < logical.size() && !is_space(static_cast<unsigned char>(logical[e]))) ++e;
            shown = logical.substr(b, e - b);
            // Map the logical offset back to a source column.
            for (const Segment& s : segments) {
              if (b >= s.logical_begin && b < s.logical_begin + (s.src_end - s.src_begin)) {
                Position p = position(s.src_begin + (b - s.logical_begin));
                fail(static_cast<std::size_t>(p.line), static_cast<std::size_t>(p.column),
                     "unterminated heredoc " + shown + " started here");
              }
            }
          }
          fail(start_line, col, "unterminated heredoc " + shown + " started here");
        }
        doc.content = std::move(body);
        heredoc_lines.emplace_back(body_first, i);
        ast.heredocs.push_back(std::move(doc));
      }
    }
    ast.end_line = static_cast<int>(i);

    Node node;
    node.kind = NodeKind::Instruction;
    const std::size_t node_begin = l.begin, node_end = lines_[i - 1].end;
    node.span = {position(node_begin), position(node_end)};
    node.text = std::string(text_.substr(node_begin, node_end - node_begin));
    add_instruction_pieces(node, head_lines, segments, layout, logical.size());
    for (auto [hb, he] : heredoc_lines) {
      for (std::size_t k = hb; k < he; ++k) {
        PieceKind kind = k + 1 == he ? PieceKind::HeredocEnd : PieceKind::HeredocBody;
        node.pieces.push_back({kind, {position(lines_[k].begin), position(lines_[k].end)},
                               std::string(text_.substr(lines_[k].begin, lines_[k].end - lines_[k].begin))});
      }
    }
    node.ast = std::move(ast);
    tree_.nodes.push_back(std::move(node));
    any_instruction = true;
    comments.clear();
  }
  if (!any_instruction) fail(std::max<std::size_t>(lines_.size(), 1), 1, "file with no instructions");
  return std::move(tree_);
}

}  // namespace

Tree parse(std::string_view text, const std::string& name) { return Builder(text, name).run(); }

std::string print(const Tree& tree) {
  std::string out = tree.bom;
  for (const Node& n : tree.nodes) out += n.text;
  return out;
}

std::string dump(const AstNode& node) {
  std::string s = go_lower(node.value);
  if (!node.flags.empty()) {
    s += " [";
    for (std::size_t i = 0; i < node.flags.size(); ++i) {
      if (i) s += ' ';
      s += go_quote(node.flags[i]);
    }
    s += ']';
  }
  for (const std::string& a : node.args) {
    s += ' ';
    s += go_quote(a);
  }
  if (node.sub) s += " (" + dump(*node.sub) + ")";
  return std::string(go_trim_space(s));
}

std::string dump(const Tree& tree) {
  std::string out;
  for (const Node& n : tree.nodes)
    if (n.kind == NodeKind::Instruction) out += "(" + dump(n.ast) + ")\n";
  return out;
}

Node parse_instruction(std::string_view text, char escape) {
  std::string src;
  if (escape != '\\') src = std::string("# escape=") + escape + "\n";
  std::size_t prefix = src.size();
  src.append(text);
  Tree t = parse(src, "instruction");
  for (Node& n : t.nodes)
    if (n.kind == NodeKind::Instruction) {
      if (n.span.begin.offset < prefix) break;
      return std::move(n);
    }
  throw Error("instruction", "text holds no instruction");
}

}  // namespace imgslim::dockerfiles
