#include "dockerfiles/syntax/json_array.h"

#include <optional>

#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

namespace {

constexpr int kMaxDepth = 10000;  // Go's encoding/json nesting limit

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool at_end() const { return i_ >= s_.size(); }
  bool consume(char c) {
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }

  // Parses one value; `out_string` is set when the value is a string.
  // Nested containers are walked with an explicit stack (no recursion).
  bool value(int depth, std::optional<std::string>* out_string) {
    skip_ws();
    if (at_end()) return false;
    if (s_[i_] == '"') {
      std::string str;
      if (!string(str)) return false;
      if (out_string) *out_string = std::move(str);
      return true;
    }
    std::vector<char> stack;  // the closing bracket of each open container
    for (;;) {
      skip_ws();
      if (at_end()) return false;
      char c = s_[i_];
      if (c == '[' || c == '{') {
        if (depth + static_cast<int>(stack.size()) + 1 > kMaxDepth) return false;
        ++i_;
        skip_ws();
        char close = c == '[' ? ']' : '}';
        if (!consume(close)) {
          stack.push_back(close);
          if (close == '}' && !key_colon()) return false;
          continue;
        }
      } else if (c == '"') {
        std::string tmp;
        if (!string(tmp)) return false;
      } else if (!(literal("true") || literal("false") || literal("null") || number())) {
        return false;
      }
      // A value is complete: close containers or move to the next element.
      for (;;) {
        if (stack.empty()) return true;
        skip_ws();
        if (at_end()) return false;
        if (consume(',')) {
          if (stack.back() == '}' && !key_colon()) return false;
          break;
        }
        if (consume(stack.back())) {
          stack.pop_back();
          continue;
        }
        return false;
      }
    }
  }

 private:
  bool key_colon() {
    skip_ws();
    std::string key;
    if (at_end() || s_[i_] != '"' || !string(key)) return false;
    skip_ws();
    return consume(':');
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool digits() {
    std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

  bool number() {
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (at_end()) return false;
    if (s_[i_] == '0') {
      ++i_;
    } else if (s_[i_] >= '1' && s_[i_] <= '9') {
      digits();
    } else {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    return true;
  }

  int hex4(std::size_t at) const {
    if (at + 4 > s_.size()) return -1;
    int v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      char c = s_[k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  bool string(std::string& out) {
    ++i_;  // opening quote
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return false;
        char e = s_[i_ + 1];
        i_ += 2;
        switch (e) {
          case '"': out.push_back('"'); break;
          case '\\': out.push_back('\\'); break;
          case '/': out.push_back('/'); break;
          case 'b': out.push_back('\b'); break;
          case 'f': out.push_back('\f'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'u': {
            int v = hex4(i_);
            if (v < 0) return false;
            i_ += 4;
            char32_t r = static_cast<char32_t>(v);
            if (r >= 0xD800 && r < 0xDC00) {
              // A high surrogate needs "\uDC00-\uDFFF" next, else U+FFFD.
              int lo = (i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') ? hex4(i_ + 2) : -1;
              if (lo >= 0xDC00 && lo < 0xE000) {
                r = 0x10000 + ((r - 0xD800) << 10) + (static_cast<char32_t>(lo) - 0xDC00);
                i_ += 6;
              } else {
                r = kRuneError;
              }
            } else if (r >= 0xDC00 && r < 0xE000) {
              r = kRuneError;
            }
            append_rune(out, r);
            break;
          }
          default:
            return false;
        }
        continue;
      }
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++i_;
        continue;
      }
      Rune r = decode_rune(s_, i_);  // invalid UTF-8 becomes U+FFFD, as in Go
      append_rune(out, r.value);
      i_ += r.width;
    }
    return false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

JsonArray parse_json_string_array(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    Rune r = decode_rune(text, start);
    if (!is_space(r.value)) break;
    start += r.width;
  }
  text.remove_prefix(start);
  JsonArray out;
  if (text.empty() || text[0] != '[') return out;

  // Validate the whole text first (Go checks validity before decoding).
  Reader check(text);
  if (!check.value(0, nullptr)) return out;
  check.skip_ws();
  if (!check.at_end()) return out;

  // Decode: '[' ws (value (',' value)*)? ']' -- known valid now.
  Reader walker(text);
  walker.consume('[');
  walker.skip_ws();
  out.status = JsonArrayStatus::Strings;
  if (walker.consume(']')) return out;
  for (;;) {
    std::optional<std::string> s;
    walker.value(1, &s);
    if (!s) {
      out.status = JsonArrayStatus::NotStrings;
      out.values.clear();
      return out;
    }
    out.values.push_back(std::move(*s));
    walker.skip_ws();
    if (!walker.consume(',')) break;
  }
  return out;
}

}  // namespace imgslim::dockerfiles
