// Helpers for the rewrite tests: run the real imgslim binary, read/write files.
#pragma once
#include <string>
#include <vector>

namespace rewrite_test {

std::string slurp(const std::string& path);
void spit(const std::string& path, const std::string& text);
// Runs a shell command; returns its exit status, stdout in `out`.
int run(const std::string& command, std::string* out = nullptr);
std::string quote(const std::string& word);
std::string cases_dir();
std::vector<std::string> case_names();
// The CLI arguments of a golden case (its `args` file, else its Dockerfile).
std::vector<std::string> case_args(const std::string& name);
std::string temp_dir(const std::string& tag);

}  // namespace rewrite_test
