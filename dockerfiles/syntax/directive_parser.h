// Parser directives at the top of a Dockerfile ("# escape=`",
// "# syntax=...", "# check=..."), read as BuildKit's DirectiveParser does:
// only leading comment lines, each name at most once, the first other line
// ends the header. Internal to the parser.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace imgslim::dockerfiles {

struct Directive {
  std::string name;   // lowercased
  std::string value;
};

class DirectiveParser {
 public:
  // Feeds one line (newline removed). Returns the directive it holds, if
  // any. Throws LineError on a repeated directive.
  std::optional<Directive> parse_line(std::string_view line);

 private:
  bool done_ = false;
  std::set<std::string> seen_;
};

}  // namespace imgslim::dockerfiles
