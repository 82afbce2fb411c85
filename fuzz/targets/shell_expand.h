// Fuzz body: BuildKit-style word processing and variable expansion. The
// first line is the word; following KEY=VALUE lines form the environment.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "dockerfiles/syntax/shell_lexer.h"

inline int imgslim_fuzz_shell_expand(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string word = text.substr(0, text.find('\n'));
  imgslim::dockerfiles::Environment env;
  std::size_t pos = text.find('\n');
  while (pos != std::string::npos && pos + 1 < text.size()) {
    std::size_t end = text.find('\n', pos + 1);
    std::string line = text.substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1);
    auto eq = line.find('=');
    if (eq != std::string::npos) env.set(line.substr(0, eq), line.substr(eq + 1));
    pos = end;
  }
  for (char escape : {'\\', '`'}) {
    imgslim::dockerfiles::ShellLexer lex(escape);
    try {
      auto r = lex.process_word(word, env);
      if (r.size() > imgslim::dockerfiles::kMaxExpandedBytes + word.size()) __builtin_trap();
      (void)lex.process_words(word, env);
    } catch (const imgslim::dockerfiles::ShellError&) {
    }
  }
  return 0;
}
