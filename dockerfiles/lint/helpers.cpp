// Recognisers shared by the lint rules.
#include <algorithm>

#include "dockerfiles/lint/context.h"

namespace imgslim::dockerfiles {

namespace {
std::string basename_of(const std::string& w) {
  std::size_t slash = w.rfind('/');
  return slash == std::string::npos ? w : w.substr(slash + 1);
}
bool word_at(const SimpleCommand& c, std::size_t i, std::initializer_list<const char*> any) {
  if (i >= c.words.size()) return false;
  for (const char* a : any)
    if (c.words[i] == a) return true;
  return false;
}
}  // namespace

bool is_npm_install(const SimpleCommand& c) {
  if (c.words.empty()) return false;
  std::string tool = basename_of(c.words[0]);
  if (tool == "npm") return word_at(c, 1, {"install", "i", "ci", "add", "isntall", "in"});
  if (tool == "yarn") return c.words.size() == 1 || word_at(c, 1, {"install"}) || c.words[1].rfind("--", 0) == 0;
  if (tool == "pnpm") return word_at(c, 1, {"install", "i", "add"});
  return false;
}

bool installs_dev_deps(const SimpleCommand& c) {
  if (!is_npm_install(c)) return false;
  if (has_word(c, "-g") || has_word(c, "--global") || has_word(c, "--location=global")) return false;
  std::string tool = basename_of(c.words[0]);
  if (tool == "npm") {
    if (has_word(c, "--omit=dev") || has_word(c, "--production") || has_word(c, "--only=prod") ||
        has_word(c, "--only=production") || has_word(c, "--prod"))
      return false;
    for (std::size_t i = 0; i + 1 < c.words.size(); ++i)
      if ((c.words[i] == "--omit" || c.words[i] == "--only") &&
          (c.words[i + 1] == "dev" || c.words[i + 1] == "prod" || c.words[i + 1] == "production"))
        return false;
    return true;
  }
  if (tool == "yarn") return !(has_word(c, "--production") || has_word(c, "--prod") || has_word_prefix(c, "--production="));
  if (tool == "pnpm") return !(has_word(c, "--prod") || has_word(c, "-P") || has_word(c, "--production"));
  return false;
}

bool is_build_command(const SimpleCommand& c) {
  if (c.words.empty()) return false;
  std::size_t i = 0;
  if (basename_of(c.words[0]) == "npx") i = 1;
  if (i >= c.words.size()) return false;
  std::string tool = basename_of(c.words[i]);
  const auto build_script = [](const std::string& w) { return w == "build" || w.rfind("build:", 0) == 0; };
  if (tool == "npm" || tool == "pnpm" || tool == "yarn") {
    if (c.words.size() > i + 2 && (c.words[i + 1] == "run" || c.words[i + 1] == "run-script"))
      return build_script(c.words[i + 2]);
    return tool != "npm" && c.words.size() > i + 1 && build_script(c.words[i + 1]);
  }
  if (tool == "tsc" || tool == "webpack" || tool == "esbuild" || tool == "rollup" || tool == "parcel") return true;
  if ((tool == "vite" || tool == "next" || tool == "nuxt" || tool == "ng" || tool == "go" || tool == "cargo" ||
       tool == "gradle" || tool == "nest") &&
      c.words.size() > i + 1 && c.words[i + 1] == "build")
    return true;
  if (tool == "mvn" && (has_word(c, "package") || has_word(c, "install"))) return true;
  return false;
}

bool copies_whole_context(const CopyInstr& c) {
  if (!c.from.empty()) return false;
  return std::any_of(c.sources.begin(), c.sources.end(),
                     [](const std::string& s) { return s == "." || s == "./" || s == "*" || s == "./*"; });
}

std::string base_image_name(const std::string& image) {
  std::string s = image.substr(0, image.find('@'));
  std::size_t slash = s.rfind('/');
  std::size_t colon = s.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) s = s.substr(0, colon);
  std::size_t first = s.find('/');
  if (first != std::string::npos) {
    std::string head = s.substr(0, first);
    if (head.find('.') != std::string::npos || head.find(':') != std::string::npos || head == "localhost")
      s = s.substr(first + 1);
  }
  if (s.rfind("library/", 0) == 0) s = s.substr(8);
  return s;
}

}  // namespace imgslim::dockerfiles
