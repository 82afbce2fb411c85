// Attribution in the report formats: the JSON keys the CLI contract promises
// (categories, packages, findings) and the text section of `imgslim analyze`.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analyzers/attribution/attribution.h"

namespace imgslim::analyzers {

// Sets report["categories"], report["packages"], report["findings"] (and
// report["attribution"] with groups, lockfiles and notes).
void add_attribution_json(nlohmann::json& report, const Attribution& a);

// Category table, top packages per category, findings. `top` packages per category.
std::string render_attribution_text(const Attribution& a, std::size_t top = 5);

}  // namespace imgslim::analyzers
