// Two measured stacks side by side (`compose --measure --compare FILE…`):
// each run's own report, then the plan's KPIs (stack_kpis.h) before, after
// and the delta. JSON: {"before": measure, "after": measure, "delta": {…},
// "kpis": [{id, service, label, unit, before, after, delta, delta_percent}]}.
#pragma once
#include <string>

#include "builder/stack/stack_measure.h"

namespace imgslim::builder::stack {

std::string render_compare_text(const StackMeasurement& before, const StackMeasurement& after);
std::string render_compare_markdown(const StackMeasurement& before, const StackMeasurement& after);
std::string compare_json(const StackMeasurement& before, const StackMeasurement& after);

}  // namespace imgslim::builder::stack
