// Follows BuildKit's shell/lex.go rune by rune (see shell_lexer.h).
#include "dockerfiles/syntax/shell_lexer.h"

#include "dockerfiles/syntax/shell_pattern.h"
#include "dockerfiles/syntax/unicode_text.h"

namespace imgslim::dockerfiles {

namespace {

constexpr char32_t kEof = static_cast<char32_t>(-1);

void append_checked(std::string& out, std::string_view s) {
  out.append(s);
  if (out.size() > kMaxExpandedBytes) throw ShellError("variable expansion exceeds the size limit");
}

void append_rune_checked(std::string& out, char32_t r) {
  append_rune(out, r);
  if (out.size() > kMaxExpandedBytes) throw ShellError("variable expansion exceeds the size limit");
}

std::string rune_string(char32_t r) {
  std::string s;
  append_rune(s, r == kEof ? kRuneError : r);
  return s;
}

// The word accumulator (lex.go's wordsStruct). Like upstream, every
// nesting level shares one buffer, which a nested ${...} resets.
struct Words {
  std::string* buf;
  std::vector<std::string> words;
  bool in_word = false;

  void add_char(char32_t ch) {
    if (is_space(ch) && in_word) {
      if (!buf->empty()) {
        words.push_back(*buf);
        buf->clear();
        in_word = false;
      }
    } else if (!is_space(ch)) {
      add_raw_char(ch);
    }
  }
  void add_raw_char(char32_t ch) {
    append_rune_checked(*buf, ch);
    in_word = true;
  }
  void add_string(std::string_view s) {
    for (const Rune& r : decode_runes(s)) add_char(r.value);
  }
  void add_raw_string(std::string_view s) {
    append_checked(*buf, s);
    in_word = true;
  }
  std::vector<std::string> get_words() {
    if (!buf->empty()) {
      words.push_back(*buf);
      buf->clear();
      in_word = false;
    }
    return words;
  }
};

class Word {
 public:
  Word(const ShellLexer& lex, std::string_view text, const Environment& env, ExpandResult& out)
      : lex_(lex), runes_(decode_runes(text)), env_(env), out_(out), raw_escapes_(lex.raw_escapes) {
    // text/scanner skips a byte-order mark at the very start.
    if (!runes_.empty() && runes_[0].value == 0xFEFF) pos_ = 1;
  }

  void run() {
    std::vector<std::string> words;
    out_.result = process_stop_on(kEof, raw_escapes_, words);
    out_.words = std::move(words);
  }

 private:
  char32_t peek() const { return pos_ < runes_.size() ? runes_[pos_].value : kEof; }
  char32_t next() { return pos_ < runes_.size() ? runes_[pos_++].value : kEof; }

  std::string process_stop_on(char32_t stop, bool raw_escapes, std::vector<std::string>& words_out) {
    std::string result;
    words_buffer_.clear();
    Words words{&words_buffer_, {}, false};
    const bool saved = raw_escapes_;
    raw_escapes_ = raw_escapes;
    struct Restore {
      bool& ref;
      bool value;
      ~Restore() { ref = value; }
    } restore{raw_escapes_, saved};
    (void)restore;

    while (peek() != kEof) {
      char32_t ch = peek();
      if (stop != kEof && ch == stop) {
        next();
        words_out = words.get_words();
        return result;
      }
      bool quote = !lex_.skip_process_quotes && (ch == '\'' || ch == '"');
      if (ch == '$' || ch == '<' || quote) {
        std::string tmp = ch == '$'    ? process_dollar()
                          : ch == '<'  ? process_possible_heredoc()
                          : ch == '\'' ? process_single_quote()
                                       : process_double_quote();
        append_checked(result, tmp);
        if (ch == '$') {
          words.add_string(tmp);
        } else {
          words.add_raw_string(tmp);
        }
        continue;
      }
      ch = next();
      if (ch == static_cast<char32_t>(static_cast<unsigned char>(lex_.escape()))) {
        if (raw_escapes_) {
          words.add_raw_char(ch);
          append_rune_checked(result, ch);
        }
        ch = next();
        if (ch == kEof) break;
        words.add_raw_char(ch);
      } else {
        words.add_char(ch);
      }
      append_rune_checked(result, ch);
    }
    if (stop != kEof)
      throw ShellError("unexpected end of statement while looking for matching " + rune_string(stop));
    words_out = words.get_words();
    return result;
  }

  std::string process_single_quote() {
    std::string result;
    char32_t ch = next();
    if (lex_.raw_quotes) append_rune(result, ch);
    for (;;) {
      ch = next();
      if (ch == kEof) throw ShellError("unexpected end of statement while looking for matching single-quote");
      if (ch == '\'') {
        if (lex_.raw_quotes) append_rune(result, ch);
        return result;
      }
      append_rune_checked(result, ch);
    }
  }

  std::string process_double_quote() {
    std::string result;
    const char32_t esc = static_cast<unsigned char>(lex_.escape());
    char32_t ch = next();
    if (lex_.raw_quotes) append_rune(result, ch);
    for (;;) {
      char32_t p = peek();
      if (p == kEof) throw ShellError("unexpected end of statement while looking for matching double-quote");
      if (p == '"') {
        ch = next();
        if (lex_.raw_quotes) append_rune(result, ch);
        return result;
      }
      if (p == '$') {
        append_checked(result, process_dollar());
        continue;
      }
      ch = next();
      if (ch == esc) {
        if (raw_escapes_) append_rune(result, ch);
        char32_t q = peek();
        if (q == kEof) continue;
        if (q == '"' || q == '$' || q == esc) ch = next();
      }
      append_rune_checked(result, ch);
    }
  }

  std::string process_name() {
    std::string name;
    while (peek() != kEof) {
      char32_t ch = peek();
      if (name.empty() && is_digit(ch)) {
        while (peek() != kEof && is_digit(peek())) append_rune(name, next());
        return name;
      }
      if (name.empty() && is_special_param(ch)) return rune_string(next());
      if (!is_letter(ch) && !is_digit(ch) && ch != '_') break;
      append_rune(name, next());
    }
    return name;
  }

  static bool is_special_param(char32_t ch) {
    switch (ch) {
      case '@': case '*': case '#': case '?': case '-': case '$': case '!': case '0':
        return true;
      default:
        return false;
    }
  }

  std::optional<std::string> get_env(const std::string& name) {
    auto v = env_.get(name);
    (v ? out_.matched : out_.unmatched).insert(name);
    return v;
  }

  std::string process_stop_on_nested(char32_t stop, bool raw_escapes, const char* missing) {
    std::vector<std::string> ignored;
    try {
      return process_stop_on(stop, raw_escapes, ignored);
    } catch (const ShellError&) {
      if (peek() == kEof) throw ShellError(missing);
      throw;
    }
  }

  std::string process_dollar() {
    next();
    if (peek() != '{') {
      std::string name = process_name();
      if (name.empty()) return "$";
      auto value = get_env(name);
      if (!value && lex_.skip_unset_env) return "$" + name;
      return value.value_or("");
    }
    next();
    char32_t p = peek();
    if (p == kEof) throw ShellError("syntax error: missing '}'");
    if (p == '{' || p == '}' || p == ':') throw ShellError("syntax error: bad substitution");
    std::string name = process_name();
    char32_t ch = next();
    std::string chs = rune_string(ch);
    bool null_is_unset = false;

    if (ch == '}') {
      auto value = get_env(name);
      if (!value && lex_.skip_unset_env) return "${" + name + "}";
      return value.value_or("");
    }
    if (ch == ':') {
      null_is_unset = true;
      ch = next();
      chs += rune_string(ch);
    }
    if (null_is_unset || ch == '+' || ch == '-' || ch == '?' || ch == '#' || ch == '%') {
      bool raw = ch == '#' || ch == '%';
      if (null_is_unset && raw) throw ShellError("unsupported modifier (" + chs + ") in substitution");
      std::string word = process_stop_on_nested('}', raw, "syntax error: missing '}'");
      auto value = get_env(name);
      bool set = value.has_value();
      if (lex_.skip_unset_env && !set) return "${" + name + chs + word + "}";
      std::string v = value.value_or("");
      switch (ch) {
        case '-':
          return (!set || (null_is_unset && v.empty())) ? word : v;
        case '+':
          return (!set || (null_is_unset && v.empty())) ? std::string() : word;
        case '?':
          if (!set) throw ShellError(name + ": " + (word.empty() ? "is not allowed to be unset" : word));
          if (null_is_unset && v.empty())
            throw ShellError(name + ": " + (word.empty() ? "is not allowed to be empty" : word));
          return v;
        case '%':
        case '#': {
          bool greedy = !word.empty() && static_cast<unsigned char>(word[0]) == ch;
          if (greedy) word.erase(0, 1);
          try {
            return ch == '%' ? trim_suffix(word, v, greedy) : trim_prefix(word, v, greedy);
          } catch (const ShellError& e) {
            throw ShellError("invalid pattern (" + word + ") in substitution: " + e.what());
          }
        }
        default:
          throw ShellError("unsupported modifier (" + chs + ") in substitution");
      }
    }
    if (ch == '/') {
      bool all = peek() == '/';
      if (all) next();
      std::string pattern = process_stop_on_nested('/', true, "syntax error: missing '/' in ${}");
      std::string replacement = process_stop_on_nested('}', true, "syntax error: missing '}'");
      auto value = get_env(name);
      if (lex_.skip_unset_env && !value) return "${" + name + "/" + pattern + "/" + replacement + "}";
      try {
        return replace_pattern(pattern, value.value_or(""), replacement, all);
      } catch (const ShellError& e) {
        throw ShellError("invalid pattern (" + pattern + ") in substitution: " + e.what());
      }
    }
    throw ShellError("unsupported modifier (" + chs + ") in substitution");
  }

  std::string process_possible_heredoc() {
    next();
    if (peek() != '<') return "<";
    next();
    std::string result = "<<";
    while (peek() == '\t' || peek() == '\r' || peek() == ' ') append_rune(result, next());
    return result;
  }

  const ShellLexer& lex_;
  std::vector<Rune> runes_;
  std::size_t pos_ = 0;
  const Environment& env_;
  ExpandResult& out_;
  bool raw_escapes_;
  std::string words_buffer_;
};

}  // namespace

ExpandResult ShellLexer::process_word_with_matches(std::string_view word, const Environment& env) const {
  ExpandResult out;
  try {
    Word(*this, word, env, out).run();
  } catch (const ShellError& e) {
    std::string shown(word.substr(0, 200));
    throw ShellError("failed to process \"" + shown + (word.size() > 200 ? "...\"" : "\"") + ": " + e.what());
  }
  return out;
}

std::string ShellLexer::process_word(std::string_view word, const Environment& env) const {
  return process_word_with_matches(word, env).result;
}

std::vector<std::string> ShellLexer::process_words(std::string_view word, const Environment& env) const {
  return process_word_with_matches(word, env).words;
}

}  // namespace imgslim::dockerfiles
