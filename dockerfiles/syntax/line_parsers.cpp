#include "dockerfiles/syntax/line_parsers.h"

#include <locale.h>
#include <wctype.h>

#include <climits>

#include "dockerfiles/syntax/json_array.h"
#include "dockerfiles/syntax/shell_lexer.h"
#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

namespace {

bool is_re_whitespace(char c) { return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' '; }

locale_t utf8_locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

std::string map_case(std::string_view s, bool upper) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string out;
  out.reserve(s.size());
  if (ascii) {
    for (char c : s) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      out.push_back(c);
    }
    return out;
  }
  locale_t loc = utf8_locale();
  for (const Rune& r : decode_runes(s)) {
    char32_t v = r.value;
    if (loc != static_cast<locale_t>(0) && v != kRuneError)
      v = static_cast<char32_t>(upper ? towupper_l(static_cast<wint_t>(v), loc)
                                      : towlower_l(static_cast<wint_t>(v), loc));
    append_rune(out, v);
  }
  return out;
}

// extractBuilderFlags: leading "--flag" words; returns the rest of the line.
// Works on bytes (each byte taken as a rune), as upstream does.
std::string_view extract_builder_flags(std::string_view line, char escape, std::vector<std::string>& flags,
                                       std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  enum { InSpaces, InWord, InQuote } phase = InSpaces;
  std::string word;
  char32_t quote = 0;
  bool blank_ok = false;
  std::size_t word_begin = 0;
  char32_t ch = 0;
  const char32_t esc = static_cast<unsigned char>(escape);
  for (std::size_t pos = 0; pos <= line.size(); ++pos) {
    if (pos != line.size()) ch = static_cast<unsigned char>(line[pos]);
    if (phase == InSpaces) {
      if (pos == line.size()) break;
      if (is_space(ch)) continue;
      if (ch != '-' || pos + 1 == line.size() || line[pos + 1] != '-') return line.substr(pos);
      phase = InWord;
      word_begin = pos;
    }
    if ((phase == InWord || phase == InQuote) && pos == line.size()) {
      if (word != "--" && (blank_ok || !word.empty())) {
        flags.push_back(word);
        ranges.emplace_back(word_begin, pos);
      }
      break;
    }
    if (phase == InWord) {
      if (is_space(ch)) {
        phase = InSpaces;
        if (word == "--") return line.substr(pos);
        if (blank_ok || !word.empty()) {
          flags.push_back(word);
          ranges.emplace_back(word_begin, pos);
        }
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = InQuote;
        continue;
      }
      if (ch == esc) {
        if (pos + 1 == line.size()) continue;
        ++pos;
        ch = static_cast<unsigned char>(line[pos]);
      }
      append_rune(word, ch);
      continue;
    }
    if (phase == InQuote) {
      if (ch == quote) {
        phase = InWord;
        continue;
      }
      if (ch == esc) {
        if (pos + 1 == line.size()) {
          phase = InWord;
          continue;
        }
        ++pos;
        ch = static_cast<unsigned char>(line[pos]);
      }
      append_rune(word, ch);
    }
  }
  return {};
}

void set_maybe_json(AstNode& node, std::string_view rest) {
  if (rest.empty()) return;
  JsonArray arr = parse_json_string_array(rest);
  if (arr.status == JsonArrayStatus::NotStrings)
    throw LineError("when using JSON array syntax, arrays must be comprised of strings only");
  if (arr.status == JsonArrayStatus::Strings) {
    node.args = std::move(arr.values);
    node.json = true;
    return;
  }
  node.args.emplace_back(rest);
}

void set_maybe_json_to_list(AstNode& node, std::string_view rest) {
  JsonArray arr = parse_json_string_array(rest);
  if (arr.status == JsonArrayStatus::NotStrings)
    throw LineError("when using JSON array syntax, arrays must be comprised of strings only");
  if (arr.status == JsonArrayStatus::Strings) {
    node.args = std::move(arr.values);
    node.json = true;
    return;
  }
  if (!rest.empty()) node.args = split_whitespace(rest);
}

void set_name_val(AstNode& node, std::string_view rest, const std::string& key, char escape) {
  std::vector<std::string> words = parse_words(rest, escape);
  if (words.empty()) return;
  if (words[0].find('=') == std::string::npos) {
    std::vector<std::string> parts = split_whitespace(rest, 2);
    if (parts.size() < 2) throw LineError(key + " must have two arguments");
    node.args = {parts[0], parts[1], ""};
    return;
  }
  for (const std::string& word : words) {
    std::size_t eq = word.find('=');
    if (eq == std::string::npos)
      throw LineError("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
    node.args.push_back(word.substr(0, eq));
    node.args.push_back(word.substr(eq + 1));
    node.args.push_back("=");
  }
}

void set_health_config(AstNode& node, std::string_view rest) {
  std::size_t sep = 0;
  while (sep < rest.size() && !is_space(static_cast<unsigned char>(rest[sep]))) ++sep;
  std::size_t next = sep;
  while (next < rest.size() && is_space(static_cast<unsigned char>(rest[next]))) ++next;
  if (sep == 0) return;
  node.args.emplace_back(rest.substr(0, sep));
  AstNode cmd;
  set_maybe_json(cmd, rest.substr(next));
  for (auto& a : cmd.args) node.args.push_back(std::move(a));
  node.json = cmd.json;
}

}  // namespace

std::string go_lower(std::string_view s) { return map_case(s, false); }
std::string go_upper(std::string_view s) { return map_case(s, true); }

std::string_view go_trim_space(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size()) {
    Rune r = decode_rune(s, b);
    if (!is_space(r.value)) break;
    b += r.width;
  }
  std::size_t e = s.size();
  while (e > b) {
    // Step back over one UTF-8 sequence.
    std::size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && e - start < 4) --start;
    Rune r = decode_rune(s, start);
    if (start + r.width != e) {
      r = decode_rune(s, e - 1);
      start = e - 1;
    }
    if (!is_space(r.value)) break;
    e = start;
  }
  return s.substr(b, e - b);
}

std::vector<std::string> split_whitespace(std::string_view rest, int limit) {
  std::vector<std::string> out;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < rest.size()) {
    if (limit > 0 && static_cast<int>(out.size()) == limit - 1) break;
    if (is_re_whitespace(rest[i])) {
      std::size_t j = i;
      while (j < rest.size() && is_re_whitespace(rest[j])) ++j;
      out.emplace_back(rest.substr(start, i - start));
      start = i = j;
      continue;
    }
    ++i;
  }
  out.emplace_back(rest.substr(start));
  return out;
}

std::vector<std::string> parse_words(std::string_view rest, char escape) {
  enum { InSpaces, InWord, InQuote } phase = InSpaces;
  std::vector<std::string> words;
  std::string word;
  char32_t quote = 0;
  bool blank_ok = false;
  char32_t ch = 0;
  std::size_t width = 0;
  const char32_t esc = static_cast<unsigned char>(escape);
  for (std::size_t pos = 0; pos <= rest.size(); pos += width) {
    if (pos != rest.size()) {
      Rune r = decode_rune(rest, pos);
      ch = r.value;
      width = r.width;
    }
    if (phase == InSpaces) {
      if (pos == rest.size()) break;
      if (is_space(ch)) continue;
      phase = InWord;
    }
    if ((phase == InWord || phase == InQuote) && pos == rest.size()) {
      if (blank_ok || !word.empty()) words.push_back(word);
      break;
    }
    if (phase == InWord) {
      if (is_space(ch)) {
        phase = InSpaces;
        if (blank_ok || !word.empty()) words.push_back(word);
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = InQuote;
      }
      if (ch == esc) {
        if (pos + width == rest.size()) continue;
        append_rune(word, ch);
        pos += width;
        Rune r = decode_rune(rest, pos);
        ch = r.value;
        width = r.width;
      }
      append_rune(word, ch);
      continue;
    }
    if (phase == InQuote) {
      if (ch == quote) phase = InWord;
      if (ch == esc && quote != '\'') {
        if (pos + width == rest.size()) {
          phase = InWord;
          continue;
        }
        pos += width;
        append_rune(word, ch);
        Rune r = decode_rune(rest, pos);
        ch = r.value;
        width = r.width;
      }
      append_rune(word, ch);
    }
  }
  return words;
}

AstNode node_from_line(std::string_view line, char escape, LineLayout* layout) {
  AstNode node;
  node.original = std::string(line);
  std::string_view trimmed = go_trim_space(line);
  const std::size_t base = static_cast<std::size_t>(trimmed.data() - line.data());
  std::size_t cmd_end = 0;
  while (cmd_end < trimmed.size() && !is_re_whitespace(trimmed[cmd_end])) ++cmd_end;
  node.value = std::string(trimmed.substr(0, cmd_end));
  if (layout) {
    layout->keyword_begin = base;
    layout->keyword_end = base + cmd_end;
  }
  std::string_view args;
  if (cmd_end < trimmed.size()) {
    std::size_t rest_begin = cmd_end;
    while (rest_begin < trimmed.size() && is_re_whitespace(trimmed[rest_begin])) ++rest_begin;
    std::string_view rest = trimmed.substr(rest_begin);
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    args = go_trim_space(extract_builder_flags(rest, escape, node.flags, ranges));
    if (layout)
      for (auto [b, e] : ranges) layout->flags.emplace_back(base + rest_begin + b, base + rest_begin + e);
  }

  const std::string cmd = go_lower(node.value);
  if (cmd == "add" || cmd == "copy" || cmd == "volume") {
    set_maybe_json_to_list(node, args);
  } else if (cmd == "cmd" || cmd == "entrypoint" || cmd == "run" || cmd == "shell") {
    set_maybe_json(node, args);
  } else if (cmd == "arg") {
    node.args = parse_words(args, escape);
  } else if (cmd == "env") {
    set_name_val(node, args, "ENV", escape);
  } else if (cmd == "label") {
    set_name_val(node, args, "LABEL", escape);
  } else if (cmd == "expose" || cmd == "from") {
    if (!args.empty()) node.args = split_whitespace(args);
  } else if (cmd == "healthcheck") {
    set_health_config(node, args);
  } else if (cmd == "maintainer" || cmd == "stopsignal" || cmd == "user" || cmd == "workdir") {
    if (!args.empty()) node.args.emplace_back(args);
  } else if (cmd == "onbuild") {
    if (!args.empty()) node.sub = std::make_unique<AstNode>(node_from_line(args, escape));
  } else {
    node.args.emplace_back();  // parseIgnore: one empty value
  }
  return node;
}

std::optional<Heredoc> parse_heredoc(std::string_view src) {
  // ^(\d*)<<(-?)\s*([^<]*)$
  std::size_t i = 0;
  while (i < src.size() && src[i] >= '0' && src[i] <= '9') ++i;
  std::string_view digits = src.substr(0, i);
  if (src.substr(i, 2) != "<<") return std::nullopt;
  i += 2;
  bool chomp = false;
  if (i < src.size() && src[i] == '-') chomp = true, ++i;
  while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\f' || src[i] == '\r')) ++i;
  std::string_view rest = src.substr(i);
  if (rest.find('<') != std::string_view::npos) return std::nullopt;
  if (rest.empty()) return std::nullopt;

  unsigned long long fd = 0;
  bool overflow = false;
  for (char c : digits) {
    unsigned d = static_cast<unsigned>(c - '0');
    if (fd > (ULLONG_MAX - d) / 10) overflow = true;
    if (!overflow) fd = fd * 10 + d;
  }
  if (overflow) fd = ULLONG_MAX;

  ShellLexer lex('\\');
  lex.skip_unset_env = true;
  Environment empty;
  std::vector<std::string> words, raw;
  try {
    words = lex.process_words(rest, empty);
    if (words.size() != 1) return std::nullopt;
    lex.raw_quotes = true;
    raw = lex.process_words(rest, empty);
  } catch (const ShellError& e) {
    throw LineError(e.what());
  }
  if (raw.size() != words.size())
    throw LineError("internal lexing of heredoc produced inconsistent results: " + std::string(rest));
  const auto quotes = [](const std::string& w) {
    std::size_t n = 0;
    for (char c : w) n += (c == '\'' || c == '"');
    return n;
  };
  Heredoc h;
  h.name = words[0];
  h.expand = quotes(words[0]) == quotes(raw[0]);
  h.chomp = chomp;
  h.file_descriptor = static_cast<unsigned>(fd);
  return h;
}

std::vector<Heredoc> heredocs_from_line(std::string_view line) {
  ShellLexer lex('\\');
  lex.raw_quotes = true;
  lex.raw_escapes = true;
  lex.skip_unset_env = true;
  std::vector<std::string> words;
  try {
    words = lex.process_words(line, Environment{});
  } catch (const ShellError&) {
    return {};  // upstream ignores the error (and gets no words)
  }
  std::vector<Heredoc> docs;
  for (const std::string& w : words)
    if (auto h = parse_heredoc(w)) docs.push_back(std::move(*h));
  return docs;
}

bool can_contain_heredoc(const AstNode& top) {
  const AstNode* node = &top;
  if (go_lower(node->value) == "onbuild" && node->sub) node = node->sub.get();
  std::string cmd = go_lower(node->value);
  if (cmd != "add" && cmd != "copy" && cmd != "run") return false;
  return !node->json;
}

}  // namespace imgslim::dockerfiles
