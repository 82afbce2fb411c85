#include "dockerfiles/syntax/directive_parser.h"

#include "dockerfiles/syntax/line_parsers.h"
#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

namespace {
bool is_re_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$
std::optional<Directive> match_directive(std::string_view s) {
  std::size_t i = 0;
  if (s.empty() || !is_alpha(s[0])) return std::nullopt;
  while (i < s.size() && is_alnum(s[i])) ++i;
  Directive d{go_lower(s.substr(0, i)), ""};
  while (i < s.size() && is_re_space(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') return std::nullopt;
  ++i;
  std::string_view rest = s.substr(i);
  if (rest.empty()) return std::nullopt;
  std::size_t b = 0;
  while (b < rest.size() && is_re_space(rest[b])) ++b;
  if (b == rest.size()) {
    d.value = std::string(rest.substr(rest.size() - 1));  // the lazy group takes the last blank
    return d;
  }
  std::size_t e = rest.size();
  while (e > b && is_re_space(rest[e - 1])) --e;
  d.value = std::string(rest.substr(b, e - b));
  return d;
}
}  // namespace

std::optional<Directive> DirectiveParser::parse_line(std::string_view line) {
  if (done_) return std::nullopt;
  if (line.empty() || line[0] != '#') {
    done_ = true;
    return std::nullopt;
  }
  line.remove_prefix(1);
  while (!line.empty()) {
    Rune r = decode_rune(line, 0);
    if (!is_space(r.value)) break;
    line.remove_prefix(r.width);
  }
  std::optional<Directive> d = match_directive(line);
  if (!d || (d->name != "syntax" && d->name != "escape" && d->name != "check")) {
    done_ = true;
    return std::nullopt;
  }
  if (!seen_.insert(d->name).second) throw LineError("only one " + d->name + " parser directive can be used");
  return d;
}

}  // namespace imgslim::dockerfiles
