#include "oci/registry/auth_challenge.h"

#include <cctype>

namespace imgslim::oci {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

std::vector<AuthChallenge> parse_auth_challenges(const std::string& h) {
  std::vector<AuthChallenge> out;
  std::size_t i = 0, n = h.size();
  auto skip_ws = [&] {
    while (i < n && (h[i] == ' ' || h[i] == '\t')) ++i;
  };
  auto token = [&] {
    std::size_t start = i;
    while (i < n && is_token_char(h[i])) ++i;
    return h.substr(start, i - start);
  };
  while (i < n) {
    skip_ws();
    while (i < n && (h[i] == ',' || h[i] == ' ')) ++i;
    std::string scheme = token();
    if (scheme.empty()) {
      ++i;  // unparseable character: skip it
      continue;
    }
    AuthChallenge ch;
    ch.scheme = lower(scheme);
    // auth-params: name=value or name="quoted", comma-separated; a token not
    // followed by '=' begins the next challenge.
    while (i < n) {
      skip_ws();
      std::size_t save = i;
      std::string name = token();
      skip_ws();
      if (name.empty() || i >= n || h[i] != '=') {
        i = save;
        break;
      }
      ++i;
      skip_ws();
      std::string value;
      if (i < n && h[i] == '"') {
        ++i;
        while (i < n && h[i] != '"') {
          if (h[i] == '\\' && i + 1 < n) ++i;
          value += h[i++];
        }
        if (i < n) ++i;
      } else {
        while (i < n && h[i] != ',' && h[i] != ' ') value += h[i++];
      }
      ch.params[lower(name)] = value;
      skip_ws();
      if (i < n && h[i] == ',') ++i;
    }
    out.push_back(std::move(ch));
  }
  return out;
}

}  // namespace imgslim::oci
