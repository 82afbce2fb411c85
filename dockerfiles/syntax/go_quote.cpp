#include "dockerfiles/syntax/go_quote.h"

#include <locale.h>
#include <wctype.h>

#include <cstdio>

#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

namespace {
bool is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r == 0xFFFD) return true;
  if (is_space(r)) return false;  // Go: only U+0020 is a printable space
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (loc == static_cast<locale_t>(0)) return r >= 0xA0;
  return iswprint_l(static_cast<wint_t>(r), loc) != 0;
}
}  // namespace

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    i += r.width;
    if (r.width == 1 && r.value == kRuneError) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[r.offset]));
      out += buf;
      continue;
    }
    char32_t c = r.value;
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (is_print(c)) {
      out.append(s.substr(r.offset, r.width));
      continue;
    }
    switch (c) {
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    if (c < ' ' || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    } else if (c < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
    } else {
      std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
    }
    out += buf;
  }
  out.push_back('"');
  return out;
}

}  // namespace imgslim::dockerfiles
