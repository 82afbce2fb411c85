// Renders the outcome of `imgslim check` for people and for CI systems:
// text, JSON, JUnit XML, SARIF 2.1.0, Markdown, GitLab Code Quality
// (check_codeclimate.cpp), and GitHub workflow
// annotations. Findings point at a Dockerfile line when one is known.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzers/gate/budget.h"
#include "analyzers/gate/budget_rules.h"

namespace imgslim::analyzers {

struct SourceLocation {
  std::string file;  // Dockerfile path as given
  int line = 0;      // 1-based
  int column = 1;
  std::string instruction;  // "RUN npm install"
};

struct CheckReport {
  std::string ref;
  std::string budget_file;
  int budget_line = 0;
  std::string budget_image;  // the glob that matched
  std::vector<RuleOutcome> outcomes;
  // Per outcome (same index): where in the Dockerfile the responsible layer came from.
  std::vector<std::optional<SourceLocation>> locations;

  bool failed() const;
  std::size_t count(RuleStatus s) const;
};

std::string render_check_text(const CheckReport& r, bool color);
std::string render_check_json(const CheckReport& r);
std::string render_check_junit(const CheckReport& r);
std::string render_check_sarif(const CheckReport& r);
std::string render_check_markdown(const CheckReport& r);
std::string render_check_codeclimate(const CheckReport& r);  // GitLab Code Quality
// "::error file=Dockerfile,line=7,title=imgslim max-size::..." lines.
std::string render_github_annotations(const CheckReport& r);

}  // namespace imgslim::analyzers
