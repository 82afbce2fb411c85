// Runs an external program (the engine's CLI) without a shell: argv as
// given, optional extra environment, stdout captured or sent to a log file.
#pragma once
#include <string>
#include <vector>

namespace imgslim::builder {

struct ProcessResult {
  int exit_code = -1;   // 128+N when killed by signal N
  std::string out;      // captured stdout (and stderr when merged), unless logged
};

struct ProcessOptions {
  std::vector<std::string> env;  // "NAME=value" added to the current environment
  std::string log_path;          // non-empty: stdout+stderr appended here instead of captured
  bool merge_stderr = false;     // capture stderr together with stdout (else it is discarded)
};

// Options that capture stdout and stderr together.
inline ProcessOptions merged_output() {
  ProcessOptions o;
  o.merge_stderr = true;
  return o;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Last n lines of a file ("" when unreadable), for build failure messages.
std::string tail_lines(const std::string& path, int n);

}  // namespace imgslim::builder
