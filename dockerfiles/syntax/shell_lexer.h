// Word processing and variable expansion as BuildKit's shell/lex.go does it:
// $v ${v} ${v:-w} ${v-w} ${v:+w} ${v+w} ${v:?w} ${v?w} ${v#p} ${v##p}
// ${v%p} ${v%%p} ${v/p/r} ${v//p/r}, quoting and escapes.
// Expansion output is bounded (kMaxExpandedBytes), so no input can blow up.
#pragma once
#include <cstddef>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imgslim::dockerfiles {

inline constexpr std::size_t kMaxExpandedBytes = 4 * 1024 * 1024;

class ShellError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An ordered environment (later set() of the same key replaces the value).
class Environment {
 public:
  void set(const std::string& key, const std::string& value);
  std::optional<std::string> get(const std::string& key) const;
  bool contains(const std::string& key) const { return get(key).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct ExpandResult {
  std::string result;                 // ProcessWord
  std::vector<std::string> words;     // ProcessWords
  std::set<std::string> matched;      // variables that were found
  std::set<std::string> unmatched;    // variables referenced but unset
};

class ShellLexer {
 public:
  explicit ShellLexer(char escape = '\\') : escape_(escape) {}

  bool raw_quotes = false;          // keep quote characters in the output
  bool raw_escapes = false;         // keep escape characters in the output
  bool skip_process_quotes = false; // quotes are plain characters
  bool skip_unset_env = false;      // leave "$unset" as written

  // One word (quotes removed, variables expanded). Throws ShellError.
  std::string process_word(std::string_view word, const Environment& env) const;
  // Split into words like a shell would (after expansion). Throws ShellError.
  std::vector<std::string> process_words(std::string_view word, const Environment& env) const;
  // Full result with matched/unmatched variable names.
  ExpandResult process_word_with_matches(std::string_view word, const Environment& env) const;

  char escape() const { return escape_; }

 private:
  char escape_;
};

}  // namespace imgslim::dockerfiles
