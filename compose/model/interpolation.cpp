#include "compose/model/interpolation.h"

#include <cctype>

#include "support/error.h"

extern char** environ;

namespace imgslim::compose {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Index of the '}' closing the "${" that starts at `open` (nesting aware).
std::size_t closing_brace(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      ++i;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string Interpolator::expand(std::string_view text, const std::string& where) const {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    char next = text[i + 1];
    if (next == '$') {
      out += '$';
      ++i;
      continue;
    }
    auto lookup = [&](const std::string& name) -> const std::string* {
      if (!env) return nullptr;
      auto it = env->find(name);
      return it == env->end() ? nullptr : &it->second;
    };
    if (name_start(next)) {
      std::size_t j = i + 1;
      while (j < text.size() && name_char(text[j])) ++j;
      std::string name(text.substr(i + 1, j - i - 1));
      if (const auto* v = lookup(name)) out += *v;
      else if (unset) unset->insert(name);
      i = j - 1;
      continue;
    }
    if (next != '{') {
      out += c;
      continue;
    }
    std::size_t close = closing_brace(text, i);
    if (close == std::string_view::npos)
      throw Error(where, "unterminated variable expression in \"" + std::string(text) + "\"");
    std::string_view body = text.substr(i + 2, close - i - 2);
    std::size_t n = 0;
    while (n < body.size() && name_char(body[n])) ++n;
    if (n == 0 || !name_start(body[0]))
      throw Error(where, "invalid variable expression \"${" + std::string(body) + "}\"");
    std::string name(body.substr(0, n));
    std::string_view rest = body.substr(n);
    const std::string* value = lookup(name);
    bool colon = !rest.empty() && rest[0] == ':';
    if (colon) rest.remove_prefix(1);
    bool empty_counts = colon;  // ":" also treats an empty value as unset
    bool missing = !value || (empty_counts && value->empty());
    if (rest.empty()) {
      if (colon) throw Error(where, "invalid variable expression \"${" + std::string(body) + "}\"");
      if (value) out += *value;
      else if (unset) unset->insert(name);
    } else {
      char op = rest[0];
      std::string_view arg = rest.substr(1);
      if (op == '-') {
        out += missing ? expand(arg, where) : *value;
      } else if (op == '?') {
        if (missing) {
          std::string msg = expand(arg, where);
          throw Error(where, "required variable " + name + " is missing a value" + (msg.empty() ? "" : ": " + msg));
        }
        out += *value;
      } else if (op == '+') {
        if (!missing) out += expand(arg, where);
      } else {
        throw Error(where, "invalid variable expression \"${" + std::string(body) + "}\"");
      }
    }
    i = close;
  }
  return out;
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

}  // namespace imgslim::compose
