#include "dockerfiles/syntax/shell_pattern.h"

#include <algorithm>

#include "dockerfiles/syntax/shell_lexer.h"

namespace imgslim::dockerfiles {

namespace {
constexpr std::size_t kMaxMatchStates = 64u * 1024u * 1024u;
}

ShellPattern::ShellPattern(std::string_view pattern, bool greedy) : greedy_(greedy) {
  std::vector<Rune> runes = decode_runes(pattern);
  for (std::size_t i = 0; i < runes.size(); ++i) {
    char32_t tok = runes[i].value;
    if (tok == '*') {
      elements_.push_back({PatternElement::AnyRun});
    } else if (tok == '?') {
      elements_.push_back({PatternElement::AnyOne});
    } else if (tok == '\\') {
      if (i + 1 < runes.size() && (runes[i + 1].value == '}' || runes[i + 1].value == '/')) continue;
      if (i + 1 >= runes.size()) throw ShellError("invalid escape '\\'");
      char32_t next = runes[++i].value;
      if (next != '*' && next != '?' && next != '\\') {
        std::string shown;
        append_rune(shown, next);
        throw ShellError("invalid escape '\\" + shown + "'");
      }
      elements_.push_back({PatternElement::Literal, next});
    } else {
      elements_.push_back({PatternElement::Literal, tok});
    }
  }
}

std::size_t ShellPattern::memo_size(const std::vector<Rune>& text) const {
  const std::size_t states = (elements_.size() + 1) * (text.size() + 1);
  if (states > kMaxMatchStates) throw ShellError("pattern substitution too large");
  return states;
}

std::optional<std::size_t> ShellPattern::match_at(const std::vector<Rune>& text,
                                                  std::size_t start) const {
  std::vector<bool> failed(memo_size(text), false);
  return run(text, start, failed);
}

std::optional<std::size_t> ShellPattern::run(const std::vector<Rune>& text, std::size_t start,
                                             std::vector<bool>& failed) const {
  // Depth-first search in the regular expression's preference order; a
  // state (element, position) that failed once fails again, so each is
  // explored at most once.
  const std::size_t cols = text.size() + 1;
  if (failed[start]) return std::nullopt;
  struct Frame {
    std::size_t el, pos;
    int tried;
  };
  std::vector<Frame> stack{{0, start, 0}};
  const auto can_take = [&](std::size_t pos) { return pos < text.size() && text[pos].value != '\n'; };
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.el == elements_.size()) return f.pos;
    const PatternElement& e = elements_[f.el];
    std::optional<Frame> next;
    if (e.kind == PatternElement::AnyRun) {
      // Greedy: take one more first, then stop. Lazy: the other way round.
      while (f.tried < 2 && !next) {
        bool take = (f.tried == 0) == greedy_;
        ++f.tried;
        if (take) {
          if (can_take(f.pos)) next = Frame{f.el, f.pos + 1, 0};
        } else {
          next = Frame{f.el + 1, f.pos, 0};
        }
        if (next && failed[next->el * cols + next->pos]) next.reset();
      }
    } else if (f.tried == 0) {
      ++f.tried;
      bool ok = e.kind == PatternElement::AnyOne ? can_take(f.pos)
                                                 : (f.pos < text.size() && text[f.pos].value == e.rune);
      if (ok && !failed[(f.el + 1) * cols + f.pos + 1]) next = Frame{f.el + 1, f.pos + 1, 0};
    }
    if (next) {
      stack.push_back(*next);
    } else {
      failed[f.el * cols + f.pos] = true;
      stack.pop_back();
    }
  }
  return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> ShellPattern::find(
    const std::vector<Rune>& text, std::size_t from, std::vector<bool>& failed) const {
  for (std::size_t s = from; s <= text.size(); ++s) {
    if (auto end = run(text, s, failed)) return std::make_pair(s, *end);
  }
  return std::nullopt;
}

std::string reverse_pattern(std::string_view pattern) {
  std::vector<Rune> runes = decode_runes(pattern);
  std::vector<char32_t> out(runes.size());
  const std::size_t n = runes.size();
  for (std::size_t i = 0; i < n;) {
    std::size_t out_idx = n - 1 - i;
    if (runes[i].value == '\\' && i != n - 1) {
      out[out_idx - 1] = runes[i].value;
      out[out_idx] = runes[i + 1].value;
      i += 2;
    } else {
      out[out_idx] = runes[i].value;
      ++i;
    }
  }
  std::string s;
  for (char32_t r : out) append_rune(s, r);
  return s;
}

namespace {
std::string encode(const std::vector<Rune>& runes, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) append_rune(s, runes[i].value);
  return s;
}
std::size_t byte_at(const std::vector<Rune>& runes, std::string_view text, std::size_t i) {
  return i < runes.size() ? runes[i].offset : text.size();
}
}  // namespace

std::string trim_prefix(std::string_view pattern, std::string_view value, bool greedy) {
  ShellPattern re(pattern, greedy);
  std::vector<Rune> runes = decode_runes(value);
  if (auto end = re.match_at(runes, 0)) return std::string(value.substr(byte_at(runes, value, *end)));
  return std::string(value);
}

std::string trim_suffix(std::string_view pattern, std::string_view value, bool greedy) {
  std::string reversed_pattern = reverse_pattern(pattern);
  std::vector<Rune> runes = decode_runes(value);
  std::reverse(runes.begin(), runes.end());
  ShellPattern re(reversed_pattern, greedy);
  std::size_t cut = re.match_at(runes, 0).value_or(0);
  std::vector<Rune> rest(runes.begin() + static_cast<std::ptrdiff_t>(cut), runes.end());
  std::reverse(rest.begin(), rest.end());
  return encode(rest, 0, rest.size());
}

namespace {
// Go's Regexp.Expand for a pattern without capture groups: "$$" is "$",
// "$0"/"${0}" the match, any other "$name" empty, a malformed "$" literal.
void expand_template(std::string& out, std::string_view tmpl, std::string_view match) {
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out.push_back(tmpl[i]);
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    const auto is_name = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    std::string_view name;
    std::size_t next = i + 1;
    if (tmpl[i + 1] == '{') {
      std::size_t j = i + 2;
      while (j < tmpl.size() && is_name(tmpl[j])) ++j;
      if (j == i + 2 || j >= tmpl.size() || tmpl[j] != '}') {
        out.push_back('$');
        continue;
      }
      name = tmpl.substr(i + 2, j - i - 2);
      next = j + 1;
    } else {
      std::size_t j = i + 1;
      while (j < tmpl.size() && is_name(tmpl[j])) ++j;
      if (j == i + 1) {
        out.push_back('$');
        continue;
      }
      name = tmpl.substr(i + 1, j - i - 1);
      next = j;
    }
    bool numeric = std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric && name.find_first_not_of('0') == std::string_view::npos) out.append(match);
    i = next - 1;
  }
}
}  // namespace

std::string replace_pattern(std::string_view pattern, std::string_view value,
                            std::string_view replacement, bool all) {
  ShellPattern re(pattern, true);
  std::vector<Rune> runes = decode_runes(value);
  std::vector<bool> failed(re.memo_size(runes), false);
  if (!all) {
    auto m = re.find(runes, 0, failed);
    if (!m) return std::string(value);
    std::string out(value.substr(0, byte_at(runes, value, m->first)));
    out.append(replacement);
    out.append(value.substr(byte_at(runes, value, m->second)));
    return out;
  }
  std::string out;
  std::size_t last_end = 0;  // rune index
  std::size_t search = 0;
  while (search <= runes.size()) {
    auto m = re.find(runes, search, failed);
    if (!m) break;
    std::size_t b0 = byte_at(runes, value, last_end), b1 = byte_at(runes, value, m->first);
    if (b1 > b0) out.append(value.substr(b0, b1 - b0));
    if (m->second > last_end || m->first == 0) {
      std::size_t mb = byte_at(runes, value, m->first), me = byte_at(runes, value, m->second);
      expand_template(out, replacement, value.substr(mb, me - mb));
    }
    last_end = m->second;
    if (search + 1 > m->second) {
      search += 1;
    } else {
      search = m->second;
    }
    if (out.size() > kMaxExpandedBytes) throw ShellError("expansion exceeds limit");
  }
  out.append(value.substr(byte_at(runes, value, last_end)));
  return out;
}

}  // namespace imgslim::dockerfiles
