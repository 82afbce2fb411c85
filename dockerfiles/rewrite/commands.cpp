#include "dockerfiles/rewrite/commands.h"

#include <algorithm>
#include <set>

namespace imgslim::dockerfiles {

std::vector<RunWords> split_shell(const std::string& text) {
  std::vector<RunWords> out;
  RunWords cur;
  std::string word;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) cur.words.push_back(word);
    word.clear();
    in_word = false;
  };
  auto end_command = [&] {
    end_word();
    if (!cur.words.empty()) out.push_back(cur);
    cur = {};
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      auto close = text.find(c, i + 1);
      if (close == std::string::npos) close = text.size();
      word += text.substr(i + 1, close - i - 1);
      in_word = true;
      i = close;
    } else if (c == '\\' && i + 1 < text.size()) {
      if (text[i + 1] != '\n') word += text[i + 1], in_word = true;
      ++i;
    } else if (c == '&' && i + 1 < text.size() && text[i + 1] == '&') {
      end_command();
      ++i;
    } else if (c == '|' || c == ';' || c == '\n') {
      end_command();
      if (c == '|' && i + 1 < text.size() && text[i + 1] == '|') ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
    } else {
      word += c;
      in_word = true;
    }
  }
  end_command();
  return out;
}

namespace {

bool is_assignment(const std::string& w) {
  auto eq = w.find('=');
  return eq != std::string::npos && eq > 0 && w[0] != '-' &&
         std::all_of(w.begin(), w.begin() + eq, [](char c) { return std::isalnum((unsigned char)c) || c == '_'; });
}

bool has(const std::vector<std::string>& w, const std::string& s) {
  return std::find(w.begin(), w.end(), s) != w.end();
}

bool production_flag(const std::vector<std::string>& w) {
  for (const auto& x : w)
    if (x == "--omit=dev" || x == "--only=production" || x == "--only=prod" || x == "--production" ||
        x == "--prod" || x == "-P" || x == "--production=true")
      return true;
  return false;
}

std::vector<std::string> non_flags(const std::vector<std::string>& w, size_t from) {
  std::vector<std::string> out;
  for (size_t i = from; i < w.size(); ++i)
    if (!w[i].starts_with("-")) out.push_back(w[i]);
  return out;
}

}  // namespace

RunAnalysis analyze_run(const std::string& shell_text) {
  RunAnalysis a;
  bool all_fs = true;
  static const std::set<std::string> fs_tools = {"mkdir", "chown", "chmod", "ln", "useradd", "groupadd",
                                                 "adduser", "addgroup", "touch", "usermod", "install"};
  for (auto cmd : split_shell(shell_text)) {
    auto& w = cmd.words;
    bool env_production = false;
    while (!w.empty() && is_assignment(w.front())) {
      if (w.front() == "NODE_ENV=production") env_production = true;
      w.erase(w.begin());
    }
    if (w.empty()) continue;
    const std::string& tool = w[0];
    std::string sub = w.size() > 1 ? w[1] : "";
    if (!fs_tools.count(tool)) all_fs = false;
    if (tool == "npm") {
      if (sub == "ci" || sub == "clean-install" || ((sub == "install" || sub == "i") && non_flags(w, 2).empty())) {
        if (has(w, "-g") || has(w, "--global")) {
          a.npm_global = true;
          continue;
        }
        a.deps_install = true;
        a.node_tool = "npm";
        a.npm_install = sub != "ci" && sub != "clean-install";
        a.production = a.production || production_flag(w) || env_production;
      } else if ((sub == "install" || sub == "i") && (has(w, "-g") || has(w, "--global"))) {
        a.npm_global = true;
      } else if ((sub == "run" || sub == "run-script") && w.size() > 2) {
        if (w[2] == "build" || w[2].starts_with("build:")) a.build = true, a.node_tool = "npm";
        if (w[2] == "test") a.test = true;
      } else if (sub == "test" || sub == "t") {
        a.test = true;
      } else if (sub == "cache" && w.size() > 2 && w[2] == "clean") {
        a.cache_cleanup = true;
      } else if (sub == "prune") {
        a.production = true;
      }
    } else if (tool == "yarn") {
      if (sub.empty() || sub == "install" || (sub.starts_with("-") && sub != "--version")) {
        a.deps_install = true, a.node_tool = "yarn";
        a.production = a.production || production_flag(w) || env_production;
      } else if (sub == "workspaces" && w.size() > 2 && w[2] == "focus") {
        a.deps_install = true, a.node_tool = "yarn";
        a.production = a.production || production_flag(w);
      } else if (sub == "build" || (sub == "run" && w.size() > 2 && w[2] == "build")) {
        a.build = true, a.node_tool = "yarn";
      } else if (sub == "test") {
        a.test = true;
      } else if (sub == "cache" && w.size() > 2 && w[2] == "clean") {
        a.cache_cleanup = true;
      }
    } else if (tool == "pnpm") {
      if (sub == "install" || sub == "i") {
        a.deps_install = true, a.node_tool = "pnpm";
        a.production = a.production || production_flag(w) || env_production;
      } else if (sub == "build" || (sub == "run" && w.size() > 2 && w[2] == "build")) {
        a.build = true, a.node_tool = "pnpm";
      } else if (sub == "test") {
        a.test = true;
      } else if (sub == "store" && w.size() > 2 && w[2] == "prune") {
        a.cache_cleanup = true;
      }
    } else if (tool == "corepack") {
      // corepack enable / prepare: part of the package manager setup.
    } else if (tool == "tsc" || tool == "vite" || tool == "ng" || tool == "next" || tool == "vue-cli-service" ||
               tool == "react-scripts" || tool == "webpack" || tool == "esbuild" || tool == "rollup") {
      a.build = true;
    } else if (tool == "npx" && w.size() > 1) {
      const auto& t = w[1];
      if (t == "tsc" || t == "vite" || t == "ng" || t == "next" || t == "webpack") a.build = true;
    } else if (tool == "apt-get" || tool == "apt") {
      a.apt = true;
      if (sub == "install" || (sub.starts_with("-") && has(w, "install"))) {
        auto it = std::find(w.begin(), w.end(), "install");
        for (auto p : non_flags(w, size_t(it - w.begin()) + 1)) a.packages.push_back(p);
      }
    } else if (tool == "apk") {
      a.apk = true;
      if (sub == "add" || has(w, "add")) {
        auto it = std::find(w.begin(), w.end(), "add");
        auto pkgs = non_flags(w, size_t(it - w.begin()) + 1);
        // --virtual NAME takes the next word.
        for (size_t i = 0; i + 1 < w.size(); ++i)
          if (w[i] == "--virtual" || w[i] == "-t") pkgs.erase(std::remove(pkgs.begin(), pkgs.end(), w[i + 1]), pkgs.end());
        for (auto& p : pkgs) a.packages.push_back(p);
      }
    } else if (tool == "pip" || tool == "pip3" || (tool.starts_with("python") && sub == "-m" && w.size() > 2 && w[2] == "pip")) {
      a.pip = true;
    } else if (tool == "rm" && (shell_text.find("/var/lib/apt/lists") != std::string::npos ||
                                shell_text.find("/var/cache/apk") != std::string::npos ||
                                shell_text.find("/root/.npm") != std::string::npos ||
                                shell_text.find("/root/.cache") != std::string::npos)) {
      a.cache_cleanup = true;
    }
  }
  if (a.build) a.role = RunRole::Build;
  else if (a.deps_install) a.role = RunRole::DepsInstall;
  else if (!a.packages.empty()) a.role = RunRole::SystemPackages;
  else if (all_fs && !split_shell(shell_text).empty()) a.role = RunRole::FsSetup;
  return a;
}

bool is_compile_only_package(const std::string& package) {
  static const std::set<std::string> known = {
      "python3", "python", "python-is-python3", "python3-pip", "py3-pip", "make", "g++", "gcc", "c++",
      "build-essential", "build-base", "git", "pkg-config", "pkgconf", "pkgconfig", "libc6-dev", "libc-dev",
      "musl-dev", "linux-headers", "autoconf", "automake", "libtool", "cmake", "nasm", "node-gyp",
      "python3-dev", "python3-distutils", "cython3", "clang", "binutils"};
  std::string name = package.substr(0, package.find_first_of("=<>~"));
  return known.count(name) > 0 || name.ends_with("-dev") || name.ends_with("-devel");
}

}  // namespace imgslim::dockerfiles
