#include "support/glob.h"

#include <string>
#include <vector>

namespace imgslim {

namespace {

// Matches one bracket expression at p[pi] (which is '['); returns the index
// just past ']' in `next`, or npos when the bracket is malformed (then '['
// is literal).
bool match_bracket(std::string_view p, std::size_t pi, char c, std::size_t& next) {
  std::size_t i = pi + 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = p[i + 2];
      if (hi == '\\' && i + 3 < p.size()) {
        hi = p[i + 3];
        ++i;
      }
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
    ++i;
  }
  if (i >= p.size()) {
    next = std::string_view::npos;
    return false;
  }
  next = i + 1;
  return matched != negate;
}

// Backtracking matcher with a memo over (pattern index, text index) so that
// patterns like "*a*a*a*b" stay polynomial.
struct Matcher {
  std::string_view p, t;
  bool sep;
  std::vector<signed char> memo;  // -1 unknown, 0 false, 1 true

  Matcher(std::string_view p_, std::string_view t_, bool sep_)
      : p(p_), t(t_), sep(sep_), memo((p_.size() + 1) * (t_.size() + 1), -1) {}

  bool match(std::size_t pi, std::size_t ti) {
    signed char& m = memo[pi * (t.size() + 1) + ti];
    if (m < 0) m = step(pi, ti) ? 1 : 0;
    return m == 1;
  }

  bool step(std::size_t pi, std::size_t ti);
};

bool Matcher::step(std::size_t pi, std::size_t ti) {
  while (pi < p.size()) {
    char pc = p[pi];
    if (pc == '*') {
      bool dbl = pi + 1 < p.size() && p[pi + 1] == '*';
      if (dbl && sep) {
        std::size_t rest = pi + 2;
        // "**/" may match zero directories.
        if (rest < p.size() && p[rest] == '/') {
          if (match(rest + 1, ti)) return true;
        }
        for (std::size_t k = ti; k <= t.size(); ++k)
          if (match(rest, k)) return true;
        return false;
      }
      std::size_t rest = pi + 1;
      while (rest < p.size() && p[rest] == '*') ++rest;
      for (std::size_t k = ti; k <= t.size(); ++k) {
        if (match(rest, k)) return true;
        if (k < t.size() && sep && t[k] == '/') break;
      }
      return false;
    }
    if (ti >= t.size()) return false;
    char tc = t[ti];
    if (pc == '?') {
      if (sep && tc == '/') return false;
      ++pi;
      ++ti;
      continue;
    }
    if (pc == '[') {
      std::size_t next = 0;
      bool ok = match_bracket(p, pi, tc, next);
      if (next != std::string_view::npos) {
        if (!ok || (sep && tc == '/')) return false;
        pi = next;
        ++ti;
        continue;
      }
      // malformed bracket: literal '['
    }
    if (pc == '\\' && pi + 1 < p.size()) pc = p[++pi];
    if (pc != tc) return false;
    ++pi;
    ++ti;
  }
  return ti == t.size();
}

std::string_view strip_slashes(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  while (s.size() > 1 && s.back() == '/') s.remove_suffix(1);
  return s;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool slash_is_separator) {
  Matcher m(pattern, text, slash_is_separator);
  return m.match(0, 0);
}

bool glob_match_path(std::string_view pattern, std::string_view path) {
  pattern = strip_slashes(pattern);
  path = strip_slashes(path);
  if (pattern.find('/') == std::string_view::npos) {
    auto slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return glob_match(pattern, base, true);
  }
  return glob_match(pattern, path, true);
}

}  // namespace imgslim
