#include "compose/model/command_line.h"

namespace imgslim::compose {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

CommandLine split_command_line(const std::string& text, bool parens_as_text) {
  CommandLine out;
  std::string word;
  bool have_word = false;       // a word is open (even an empty quoted one)
  bool word_is_comment = false; // it started with an unquoted '#'
  bool escaped = false, single = false, dbl = false, backquote = false, dollar_paren = false;
  auto end_word = [&] {
    if (!have_word) return;
    if (word_is_comment) out.comment_words.push_back(out.argv.size());
    out.argv.push_back(word);
    word.clear();
    have_word = word_is_comment = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (escaped) {
      escaped = false;
      if (backquote || dollar_paren) {
        word += '\\';
        word += c;
      } else {
        word += c == 't' ? '\t' : c == 'n' ? '\n' : c;
      }
      have_word = true;
      continue;
    }
    if (c == '\\') {
      if (single) word += c;
      else escaped = true;
      continue;
    }
    if (blank(c)) {
      if (single || dbl || backquote || dollar_paren) word += c;
      else end_word();
      continue;
    }
    const bool quoted = single || dbl;
    if (c == '`' && !quoted && !dollar_paren) {
      backquote = !backquote;
    } else if (c == ')' && !quoted && !backquote && (dollar_paren || !parens_as_text)) {
      if (!dollar_paren) {
        out.invalid = true;
        out.invalid_reason = "an unquoted ')'";
        out.invalid_char = ')';
        return out;
      }
      dollar_paren = false;
    } else if (c == '(' && !quoted && !backquote &&
               !(parens_as_text && (dollar_paren || word.empty() || word.back() != '$'))) {
      if (dollar_paren || word.empty() || word.back() != '$') {
        out.invalid = true;
        out.invalid_reason = "an unquoted '('";
        out.invalid_char = '(';
        return out;
      }
      dollar_paren = true;
    } else if (c == '"' && !single && !dollar_paren && !backquote) {
      dbl = !dbl;
      have_word = true;
      continue;
    } else if (c == '\'' && !dbl && !dollar_paren && !backquote) {
      single = !single;
      have_word = true;
      continue;
    } else if ((c == ';' || c == '&' || c == '|' || c == '<' || c == '>') && !quoted && !backquote &&
               !dollar_paren) {
      std::size_t from = i;
      if (c == '>' && have_word && !word.empty() && word.find_first_not_of("0123456789") == std::string::npos) {
        from -= word.size();  // "2>": the digits go with the redirection
        word.clear();
        have_word = word_is_comment = false;
      }
      end_word();
      out.dropped = text.substr(from);
      return out;
    } else if (c == '#' && !quoted && !backquote && !dollar_paren && !have_word) {
      word_is_comment = true;
    }
    word += c;
    have_word = true;
  }
  if (escaped || single || dbl || backquote || dollar_paren) {
    out.invalid = true;
    out.invalid_reason = escaped ? "a trailing backslash" : single ? "an unterminated single quote"
                         : dbl ? "an unterminated double quote" : backquote ? "an unterminated backquote"
                               : "an unterminated $(";
    return out;
  }
  end_word();
  return out;
}

}  // namespace imgslim::compose
