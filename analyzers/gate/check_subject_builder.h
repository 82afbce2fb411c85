// Builds the facts budget rules and diffs are evaluated on from a finished
// analysis and its (schema_version 1) JSON report: metrics from the
// analysis, categories and packages from the report's attribution keys.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "analyzers/analysis.h"
#include "analyzers/gate/check_subject.h"
#include "analyzers/diff/image_diff.h"

namespace imgslim::analyzers {

CheckSubject make_check_subject(const Analysis& analysis, const nlohmann::json& report);
DiffSide make_diff_side(const Analysis& analysis, const nlohmann::json& report);

}  // namespace imgslim::analyzers
