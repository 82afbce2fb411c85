// What a RUN command does, read from its shell text: installs the app's
// dependencies (which package manager, production only or not), runs the
// build, installs system packages (which), sets up the filesystem, or
// something else. The rules decide from this where a step belongs.
#pragma once
#include <string>
#include <vector>

namespace imgslim::dockerfiles {

struct RunWords {
  std::vector<std::string> words;  // quotes removed; leading NAME=value kept
};

// Splits shell text at &&, ||, ;, | and newlines (outside quotes).
std::vector<RunWords> split_shell(const std::string& text);

enum class RunRole { DepsInstall, Build, SystemPackages, FsSetup, Other };

struct RunAnalysis {
  RunRole role = RunRole::Other;
  std::string node_tool;         // npm | yarn | pnpm (deps install or build)
  bool deps_install = false;     // npm ci/install, yarn [install], pnpm install
  bool npm_install = false;      // `npm install` without packages (could be `npm ci`)
  bool production = false;       // the install is production-only
  bool build = false;            // npm run build, tsc, vite build, ...
  bool test = false;             // npm test / npm run test
  bool apt = false, apk = false, pip = false, npm_global = false;
  bool cache_cleanup = false;    // rm -rf /var/lib/apt/lists/*, npm cache clean, ...
  std::vector<std::string> packages;  // system packages installed
};

RunAnalysis analyze_run(const std::string& shell_text);

// Packages only a compile step needs (python3, make, g++, git, *-dev, ...).
bool is_compile_only_package(const std::string& package);

}  // namespace imgslim::dockerfiles
