// Shared by the tests of cli/: running the built imgslim and shells, reading
// files, and what `imgslim --help` lists (an independent view of the parser:
// CLI11's own help formatter, not cli/cli_model.h).
#pragma once
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "tests/run_command.h"

namespace imgslim::cli::testing {

using imgslim::testing::run;
using imgslim::testing::run_imgslim;

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string scratch(const std::string& name) {
  auto dir = std::filesystem::path(IMGSLIM_BUILD_DIR) / "test-tmp" / "cli" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// The subcommand names under "Subcommands:" of `imgslim [PATH...] --help`.
inline std::set<std::string> help_subcommands(std::vector<std::string> path) {
  path.push_back("--help");
  auto r = run_imgslim(path);
  std::set<std::string> out;
  std::istringstream in(r.out);
  bool listing = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Subcommands:", 0) == 0) listing = true;
    else if (listing && line.size() > 2 && line[0] == ' ' && line[2] != ' ')
      out.insert(line.substr(2, line.find(' ', 2) - 2));
    else if (listing && line.empty()) listing = false;
  }
  return out;
}

// Every --long option and -s short option `imgslim PATH... --help` shows.
inline std::set<std::string> help_options(std::vector<std::string> path) {
  path.push_back("--help");
  auto r = run_imgslim(path);
  std::set<std::string> out;
  std::regex opt(R"((^|[ ,])(--?[A-Za-z][A-Za-z0-9-]*))");
  std::istringstream in(r.out);
  bool listing = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Options:", 0) == 0) { listing = true; continue; }
    if (line.rfind("Subcommands:", 0) == 0 || line.rfind("Positionals:", 0) == 0) listing = false;
    if (!listing || line.size() < 3 || line[2] != '-') continue;
    std::string names = line.substr(2, line.find("  ", 2) - 2);
    for (std::sregex_iterator it(names.begin(), names.end(), opt), end; it != end; ++it) out.insert((*it)[2]);
  }
  return out;
}

}  // namespace imgslim::cli::testing
