#include "rewrite_test_support.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace rewrite_test {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int run(const std::string& command, std::string* out) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  std::string text;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) text.append(buf.data(), n);
  int status = pclose(p);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string quote(const std::string& word) {
  std::string q = "'";
  for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string cases_dir() { return std::string(IMGSLIM_SOURCE_DIR) + "/tests/dockerfiles/rewrite/cases"; }

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(cases_dir()))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> case_args(const std::string& name) {
  std::string dir = cases_dir() + "/" + name;
  if (!fs::exists(dir + "/args")) return {dir + "/Dockerfile"};
  std::vector<std::string> args;
  std::istringstream in(slurp(dir + "/args"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto pos = line.find("${SOURCE}");
    if (pos != std::string::npos) line.replace(pos, 9, IMGSLIM_SOURCE_DIR);
    args.push_back(line);
  }
  return args;
}

std::string temp_dir(const std::string& tag) {
  auto dir = fs::temp_directory_path() / ("imgslim-rewrite-" + tag + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir.string();
}

}  // namespace rewrite_test
