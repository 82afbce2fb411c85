// compose/report/ — an audit report rendered as text, JSON, Markdown, SARIF.
// May include: compose/checks/, compose/model/, support/.
//
// Renders an audit Report: text (verdict first, budget table, findings),
// JSON (schema_version 1), Markdown (for PR comments), SARIF 2.1.0.
#pragma once
#include <string>

#include "compose/checks/audit.h"

namespace imgslim::compose {

std::string render_text(const Report& report, bool show_info = false);
std::string render_json(const Report& report);
std::string render_markdown(const Report& report);
std::string render_sarif(const Report& report);

}  // namespace imgslim::compose
