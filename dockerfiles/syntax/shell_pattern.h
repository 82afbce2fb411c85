// The glob patterns of ${v#p} ${v%p} ${v/p/r}: literal characters, '?' (one
// character) and '*' (any run), with '\' escaping '*', '?' and '\'. Matching
// follows the regular expressions BuildKit builds from them (Go RE2,
// leftmost-first, '.' never matching a newline), computed in O(pattern x
// text) with no backtracking blow-up.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

struct PatternElement {
  enum Kind { Literal, AnyOne, AnyRun } kind;
  char32_t rune = 0;
};

class ShellPattern {
 public:
  // Throws ShellError on an invalid escape ("\x", trailing "\").
  ShellPattern(std::string_view pattern, bool greedy);
  // Match starting exactly at rune index `start`; returns the end index.
  std::optional<std::size_t> match_at(const std::vector<Rune>& text, std::size_t start) const;
  // Leftmost match at or after `from`: (begin, end) rune indexes.
  // `failed` memoises dead (element, position) states across calls on the
  // same text (size it with memo_size()).
  std::optional<std::pair<std::size_t, std::size_t>> find(const std::vector<Rune>& text,
                                                          std::size_t from,
                                                          std::vector<bool>& failed) const;
  std::size_t memo_size(const std::vector<Rune>& text) const;

 private:
  std::optional<std::size_t> run(const std::vector<Rune>& text, std::size_t start,
                                 std::vector<bool>& failed) const;
  std::vector<PatternElement> elements_;
  bool greedy_;
};

// BuildKit's reversePattern: reverses runes keeping "\x" pairs in order.
std::string reverse_pattern(std::string_view pattern);

// ${v#p} / ${v##p} and ${v%p} / ${v%%p}.
std::string trim_prefix(std::string_view pattern, std::string_view value, bool greedy);
std::string trim_suffix(std::string_view pattern, std::string_view value, bool greedy);
// ${v/p/r} and ${v//p/r} (the all-variant expands "$0"-style templates as Go's
// Regexp.ReplaceAllString does).
std::string replace_pattern(std::string_view pattern, std::string_view value,
                            std::string_view replacement, bool all);

}  // namespace imgslim::dockerfiles
