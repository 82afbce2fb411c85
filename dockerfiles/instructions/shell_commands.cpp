#include "dockerfiles/instructions/shell_commands.h"

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

namespace {

bool is_assignment(const std::string& w) {
  std::size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    char c = w[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

void finish(std::vector<SimpleCommand>& out, std::vector<std::string>& words, const std::string& op) {
  SimpleCommand c;
  std::size_t i = 0;
  // Prefixes that run the rest as the command.
  for (;;) {
    while (i < words.size() && is_assignment(words[i])) ++i;
    if (i < words.size() && (words[i] == "sudo" || words[i] == "exec" || words[i] == "env" ||
                             words[i] == "time" || words[i] == "nohup" || words[i] == "command")) {
      ++i;
      while (i < words.size() && !words[i].empty() && words[i][0] == '-') ++i;
      continue;
    }
    break;
  }
  c.words.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  words.clear();
  if (c.words.empty()) {
    if (!out.empty() && !op.empty()) out.back().op_after = op;
    return;
  }
  for (std::size_t k = 0; k < c.words.size(); ++k) {
    if (k) c.text += ' ';
    c.text += c.words[k];
  }
  c.op_after = op;
  out.push_back(std::move(c));
}

}  // namespace

std::vector<SimpleCommand> split_shell_commands(std::string_view s) {
  std::vector<SimpleCommand> out;
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  const auto end_word = [&] {
    if (in_word) words.push_back(word);
    word.clear();
    in_word = false;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      if (s[i + 1] == '\n') {
        ++i;
        continue;
      }
      word.push_back(s[++i]);
      in_word = true;
      continue;
    }
    if (c == '\'') {
      std::size_t e = s.find('\'', i + 1);
      if (e == std::string_view::npos) e = s.size();
      word.append(s.substr(i + 1, e - i - 1));
      in_word = true;
      i = e;
      continue;
    }
    if (c == '"') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"') {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        word.push_back(s[j]);
        ++j;
      }
      in_word = true;
      i = j;
      continue;
    }
    if (c == '#' && !in_word) {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
      continue;
    }
    if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '{' || c == '}') {
      if ((c == '{' || c == '}') && in_word) {
        word.push_back(c);
        continue;
      }
      end_word();
      const bool group = c == '(' || c == ')' || c == '{' || c == '}';
      const bool doubled = (c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c;
      if (doubled) ++i;
      finish(out, words, group ? std::string(";") : std::string(doubled ? 2 : 1, c));
      continue;
    }
    word.push_back(c);
    in_word = true;
  }
  end_word();
  finish(out, words, "");
  return out;
}

std::vector<SimpleCommand> commands_of(const CommandLine& command) {
  if (command.json) {
    std::vector<SimpleCommand> out;
    std::vector<std::string> words = command.args;
    finish(out, words, "");
    return out;
  }
  std::vector<SimpleCommand> out = split_shell_commands(command.joined());
  for (const Heredoc& h : command.heredocs) {
    auto more = split_shell_commands(h.content);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

bool has_word(const SimpleCommand& c, std::string_view word) {
  for (const std::string& w : c.words)
    if (w == word) return true;
  return false;
}

bool has_word_prefix(const SimpleCommand& c, std::string_view prefix) {
  for (const std::string& w : c.words)
    if (w.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace imgslim::dockerfiles
