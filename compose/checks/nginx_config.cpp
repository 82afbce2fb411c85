#include "compose/checks/nginx_config.h"

#include <glob.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

constexpr int kMaxNginxIncludeDepth = 16;
constexpr int kMaxNesting = 64;

struct Token {
  enum Kind { Word, Semicolon, Open, Close, End } kind;
  std::string text;
  int line;
  int column;
};

class Lexer {
 public:
  Lexer(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  Token next() {
    skip_space_and_comments();
    if (i_ >= s_.size()) return {Token::End, "", line_, col()};
    int line = line_, column = col();
    char c = s_[i_];
    if (c == ';') return advance(), Token{Token::Semicolon, ";", line, column};
    if (c == '{') return advance(), Token{Token::Open, "{", line, column};
    if (c == '}') return advance(), Token{Token::Close, "}", line, column};
    std::string word;
    if (c == '"' || c == '\'') {
      char q = c;
      advance();
      while (true) {
        if (i_ >= s_.size()) throw Error(name_ + ":" + std::to_string(line), "unterminated quoted string");
        char d = s_[i_];
        if (d == '\\' && i_ + 1 < s_.size()) {
          char e = s_[i_ + 1];
          if (e == q || e == '\\') word += e;
          else word += std::string{d, e};
          advance();
          advance();
          continue;
        }
        advance();
        if (d == q) break;
        word += d;
      }
      return {Token::Word, word, line, column};
    }
    // A bare word runs to whitespace, ';', '{', '}' — except the braces of
    // ${var} (regexes with braces must be quoted, as nginx requires).
    int depth = 0;
    while (i_ < s_.size()) {
      char d = s_[i_];
      if (d == '\\' && i_ + 1 < s_.size()) {
        word += d;
        advance();
        word += s_[i_];
        advance();
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(d)) || d == ';') break;
      if (d == '{') {
        bool var = !word.empty() && word.back() == '$';
        if (!var) break;
        ++depth;
      } else if (d == '}') {
        if (depth == 0) break;
        --depth;
      }
      word += d;
      advance();
    }
    return {Token::Word, word, line, column};
  }

 private:
  void advance() {
    if (s_[i_] == '\n') {
      ++line_;
      line_start_ = i_ + 1;
    }
    ++i_;
  }
  int col() const { return static_cast<int>(i_ - line_start_) + 1; }
  void skip_space_and_comments() {
    while (i_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_]))) advance();
      else if (s_[i_] == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') advance();
      } else {
        break;
      }
    }
  }

  const std::string& s_;
  std::string name_;
  std::size_t i_ = 0, line_start_ = 0;
  int line_ = 1;
};

std::string read_text(const std::string& path, RootedDir* root) {
  if (root) {  // inside the project directory only (support/rooted_dir.h)
    auto text = root->read(path);
    if (!text) throw Error(path, "cannot read the file");
    return *text;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Parser {
  const NginxPathMap& map;
  std::vector<std::string> stack;  // files being read, for loops
  RootedDir* root = nullptr;       // when set, every file is resolved inside it

  std::vector<std::string> expand_include(const std::string& pattern, const std::string& from_file) {
    std::string host;
    if (fs::path(pattern).is_absolute()) {
      if (!map) return {};
      auto mapped = map(pattern);
      if (!mapped) return {};
      host = *mapped;
    } else {
      host = (fs::path(from_file).parent_path() / pattern).string();
    }
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(host.c_str(), 0, nullptr, &g) == 0)
      for (std::size_t i = 0; i < g.gl_pathc; ++i)
        if (root ? root->is_file(g.gl_pathv[i]) : fs::is_regular_file(g.gl_pathv[i])) out.emplace_back(g.gl_pathv[i]);
    ::globfree(&g);
    return out;
  }

  std::vector<NginxDirective> file(const std::string& path) {
    for (const auto& f : stack)
      if (f == path) throw Error(path, "include loop");
    if (stack.size() > kMaxNginxIncludeDepth) throw Error(path, "includes nest too deeply");
    stack.push_back(path);
    auto out = text(read_text(path, root), path);
    stack.pop_back();
    return out;
  }

  std::vector<NginxDirective> text(const std::string& content, const std::string& name) {
    Lexer lex(content, name);
    auto out = block(lex, name, 0, false);
    return out;
  }

  std::vector<NginxDirective> block(Lexer& lex, const std::string& name, int depth, bool inside) {
    if (depth > kMaxNesting) throw Error(name, "blocks nest too deeply");
    std::vector<NginxDirective> out;
    while (true) {
      Token t = lex.next();
      std::string at = name + ":" + std::to_string(t.line);
      if (t.kind == Token::End) {
        if (inside) throw Error(at, "unexpected end of file, expecting \"}\"");
        return out;
      }
      if (t.kind == Token::Close) {
        if (!inside) throw Error(at, "unexpected \"}\"");
        return out;
      }
      if (t.kind != Token::Word) throw Error(at, "unexpected \"" + t.text + "\"");
      NginxDirective d;
      d.name = t.text;
      d.where = {name, t.line, t.column};
      while (true) {
        Token a = lex.next();
        if (a.kind == Token::Word) {
          d.args.push_back(a.text);
        } else if (a.kind == Token::Semicolon) {
          break;
        } else if (a.kind == Token::Open) {
          d.block = true;
          d.children = block(lex, name, depth + 1, true);
          break;
        } else {
          throw Error(name + ":" + std::to_string(a.line), "directive \"" + d.name + "\" is not terminated by \";\"");
        }
      }
      if (d.name == "include" && !d.block && d.args.size() == 1) {
        for (const auto& f : expand_include(d.args[0], name)) {
          auto included = file(f);
          for (auto& c : included) out.push_back(std::move(c));
        }
        continue;
      }
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

std::vector<NginxDirective> read_nginx_config(const std::string& path, const NginxPathMap& map, RootedDir* root) {
  Parser p{map, {}, root};
  return p.file(path);
}

std::vector<NginxDirective> parse_nginx_config(const std::string& text, const std::string& name,
                                               const NginxPathMap& map) {
  Parser p{map, {name}};
  return p.text(text, name);
}

}  // namespace imgslim::compose
