#include "dockerfiles/instructions/unknown_instruction.h"

#include <algorithm>
#include <vector>

#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {
namespace {

// Edit distance over bytes (instruction names are ASCII).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string unknown_instruction(const std::string& keyword) {
  static const std::vector<std::string> known = {
      "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
      "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir"};
  const std::string message = "unknown instruction: " + keyword;
  const std::string lower = go_lower(keyword);
  std::string match;
  std::size_t best = 3;
  for (const auto& name : known) {
    if (lower == name) return message;
    const std::size_t d = distance(lower, name);
    if (d < best) {
      best = d;
      match = name;
    }
  }
  if (match.empty()) return message;
  // BuildKit's case matching: all-upper input gets the upper-case name, anything else the lower-case one.
  if (keyword != lower && keyword == go_upper(keyword)) match = go_upper(match);
  return message + " (did you mean " + match + "?)";
}

}  // namespace imgslim::dockerfiles
