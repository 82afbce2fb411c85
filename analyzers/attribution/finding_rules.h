// Findings: what would remove attributed bytes and how many bytes that
// saves, under the rule ids lint and rewrite share (prod-deps, cache-mounts,
// multi-stage, slim-base, dockerignore) plus `docs`.
#pragma once
#include <vector>

#include "analyzers/attribution/attribution.h"

namespace imgslim::analyzers {

// Derived from a finished attribution (categories, packages, groups, wasted).
std::vector<Finding> derive_findings(const Attribution& a);

}  // namespace imgslim::analyzers
