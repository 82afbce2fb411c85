#include "builder/dockerignore_rules.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/glob.h"

namespace imgslim::builder {
namespace {

std::string trim_rule(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// As Go's filepath.Clean on a relative path, then without a leading `/`.
std::string clean(const std::string& pattern) {
  std::string p = std::filesystem::path(pattern).lexically_normal().generic_string();
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

}  // namespace

DockerignoreRules DockerignoreRules::read(const std::string& context) {
  std::ifstream in(std::filesystem::path(context) / ".dockerignore", std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

DockerignoreRules DockerignoreRules::parse(const std::string& text) {
  DockerignoreRules out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string t = trim_rule(line);
    if (t.empty() || t[0] == '#') continue;
    Rule r;
    if (t[0] == '!') {
      r.exception = true;
      t = trim_rule(t.substr(1));
    }
    r.pattern = clean(t);
    if (r.pattern.empty() || r.pattern == ".") continue;
    out.has_exceptions_ = out.has_exceptions_ || r.exception;
    out.rules_.push_back(std::move(r));
  }
  return out;
}

bool DockerignoreRules::excluded(const std::string& path) const {
  bool out = false;
  for (const auto& r : rules_) {
    bool match = glob_match(r.pattern, path);
    // A pattern naming a folder matches everything below it.
    for (std::size_t slash = path.find('/'); !match && slash != std::string::npos; slash = path.find('/', slash + 1))
      match = glob_match(r.pattern, std::string_view(path).substr(0, slash));
    if (match) out = !r.exception;
  }
  return out;
}

}  // namespace imgslim::builder
