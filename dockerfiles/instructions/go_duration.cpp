#include "dockerfiles/instructions/go_duration.h"

#include <map>
#include <string_view>

#include "dockerfiles/syntax/go_quote.h"

namespace imgslim::dockerfiles {
namespace {

constexpr std::uint64_t kTop = std::uint64_t{1} << 63;

// The time package's own quoting: printable ASCII as is (with \" and \\),
// every other byte as \xNN.
std::string time_quote(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x80) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const std::map<std::string, std::uint64_t, std::less<>>& units() {
  static const std::map<std::string, std::uint64_t, std::less<>> u = {
      {"ns", 1},
      {"us", 1000},
      {"\xc2\xb5s", 1000},  // U+00B5 micro sign
      {"\xce\xbcs", 1000},  // U+03BC Greek mu
      {"ms", 1000000},
      {"s", 1000000000},
      {"m", 60ull * 1000000000},
      {"h", 3600ull * 1000000000},
  };
  return u;
}

}  // namespace

std::variant<std::int64_t, std::string> go_parse_duration(const std::string& orig) {
  const std::string invalid = "time: invalid duration " + time_quote(orig);
  std::string_view s = orig;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::int64_t{0};
  if (s.empty()) return invalid;
  std::uint64_t total = 0;
  while (!s.empty()) {
    if (s[0] != '.' && !is_digit(s[0])) return invalid;
    // Whole part.
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > kTop / 10) return invalid;
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v > kTop) return invalid;
    }
    const bool pre = i > 0;
    s.remove_prefix(i);
    // Fraction: digits past what fits are ignored, as Go does.
    std::uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      for (i = 0; i < s.size() && is_digit(s[i]); ++i) {
        if (overflow) continue;
        if (f > (kTop - 1) / 10) {
          overflow = true;
          continue;
        }
        std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (y > kTop) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = i > 0;
      s.remove_prefix(i);
    }
    if (!pre && !post) return invalid;
    // Unit.
    for (i = 0; i < s.size() && s[i] != '.' && !is_digit(s[i]); ++i) {
    }
    if (i == 0) return "time: missing unit in duration " + time_quote(orig);
    const std::string_view u = s.substr(0, i);
    s.remove_prefix(i);
    auto it = units().find(u);
    if (it == units().end()) return "time: unknown unit " + time_quote(u) + " in duration " + time_quote(orig);
    const std::uint64_t unit = it->second;
    if (v > kTop / unit) return invalid;
    v *= unit;
    if (f > 0) {
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kTop) return invalid;
    }
    total += v;
    if (total > kTop) return invalid;
  }
  if (neg) return total == kTop ? INT64_MIN : -static_cast<std::int64_t>(total);
  if (total > kTop - 1) return invalid;
  return static_cast<std::int64_t>(total);
}

std::variant<std::int32_t, std::string> go_parse_int32(const std::string& orig) {
  const std::string prefix = "strconv.ParseInt: parsing " + go_quote(orig) + ": ";
  std::string_view s = orig;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return prefix + "invalid syntax";
  std::uint64_t v = 0;
  bool range = false;
  for (char c : s) {
    if (c == '_' || !is_digit(c)) return prefix + "invalid syntax";
    if (!range) {
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
      if (v > (std::uint64_t{1} << 32)) range = true;
    }
  }
  if (range || (!neg && v > 0x7fffffffull) || (neg && v > 0x80000000ull)) return prefix + "value out of range";
  return neg ? static_cast<std::int32_t>(-static_cast<std::int64_t>(v)) : static_cast<std::int32_t>(v);
}

}  // namespace imgslim::dockerfiles
