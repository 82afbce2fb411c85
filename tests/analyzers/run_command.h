// Test helper: runs a shell command, capturing exit code, stdout and stderr.
#pragma once
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace imgslim::analyzers::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `scratch` is a directory for the captured streams.
inline CommandResult run_command(const std::string& command, const std::string& scratch) {
  std::string out = scratch + "/cmd.out", err = scratch + "/cmd.err";
  int status = std::system((command + " >" + shell_quote(out) + " 2>" + shell_quote(err) + " </dev/null").c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace imgslim::analyzers::testing
