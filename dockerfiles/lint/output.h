// Lint findings as text, JSON (cli-contract: findings[] with rule,
// severity, message, file, line, column, fix), SARIF 2.1.0 and GitLab Code
// Quality (Code Climate issues, output_codeclimate.cpp).
#pragma once
#include <string>
#include <vector>

#include "dockerfiles/lint/lint.h"

namespace imgslim::dockerfiles {

std::string format_findings_text(const std::vector<Finding>& findings);
std::string format_findings_json(const std::vector<Finding>& findings);
std::string format_findings_sarif(const std::vector<Finding>& findings);
std::string format_findings_codeclimate(const std::vector<Finding>& findings);

}  // namespace imgslim::dockerfiles
