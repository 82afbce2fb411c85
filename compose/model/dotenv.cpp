#include "compose/model/dotenv.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "support/error.h"

namespace imgslim::compose {
namespace {

std::string trim_value(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string unescape_double(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

Environment read_dotenv(const std::string& path, const Environment& base, std::map<std::string, int>* lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_dotenv(buffer.str(), path, base, lines);
}

Environment parse_dotenv(const std::string& content, const std::string& path, const Environment& base,
                         std::map<std::string, int>* lines) {

  Environment file_env;
  Environment scope = base;
  Interpolator interp{&scope, nullptr};
  std::size_t pos = 0;
  int line_no = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string::npos) end = content.size();
    std::string line = content.substr(pos, end - pos);
    std::size_t line_end = end;
    ++line_no;
    std::string where = path + ":" + std::to_string(line_no);
    const int key_line = line_no;
    std::string t = trim_value(line);
    if (t.empty() || t[0] == '#') {
      pos = line_end + 1;
      continue;
    }
    if (t.rfind("export ", 0) == 0) t = trim_value(t.substr(7));
    auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0) throw Error(where, "expected KEY=VALUE");
    std::string key = trim_value(t.substr(0, eq));
    for (char c : key)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
        throw Error(where, "invalid variable name \"" + key + "\"");
    std::string raw = trim_value(t.substr(eq + 1));
    std::string value;
    if (!raw.empty() && (raw[0] == '\'' || raw[0] == '"')) {
      char q = raw[0];
      // A quoted value may continue over several lines.
      std::string acc = raw.substr(1);
      std::size_t close = std::string::npos;
      for (std::size_t i = 0; i < acc.size(); ++i) {
        if (q == '"' && acc[i] == '\\') {
          ++i;
          continue;
        }
        if (acc[i] == q) {
          close = i;
          break;
        }
      }
      while (close == std::string::npos) {
        if (line_end >= content.size()) throw Error(where, "unterminated quoted value");
        std::size_t next_end = content.find('\n', line_end + 1);
        if (next_end == std::string::npos) next_end = content.size();
        std::size_t from = acc.size() + 1;
        acc += "\n" + content.substr(line_end + 1, next_end - line_end - 1);
        line_end = next_end;
        ++line_no;
        for (std::size_t i = from; i < acc.size(); ++i) {
          if (q == '"' && acc[i] == '\\') {
            ++i;
            continue;
          }
          if (acc[i] == q) {
            close = i;
            break;
          }
        }
      }
      std::string inner = acc.substr(0, close);
      value = q == '\'' ? inner : interp.expand(unescape_double(inner), where);
    } else {
      auto hash = raw.find(" #");
      if (hash != std::string::npos) raw = trim_value(raw.substr(0, hash));
      value = interp.expand(raw, where);
    }
    file_env[key] = value;
    if (lines) (*lines)[key] = key_line;
    if (!base.count(key)) scope[key] = value;
    pos = line_end + 1;
  }
  return file_env;
}

}  // namespace imgslim::compose
