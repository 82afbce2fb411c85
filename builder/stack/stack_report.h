// A stack measurement rendered: text (verdict line, services table, stack
// totals, load, teardown), JSON (the `measure` object: services[], stack,
// load, failures, notes) and Markdown (a CI summary); and two measurements
// side by side (before/after) with the deltas of the plan's KPIs: memory,
// startup, image bytes.
#pragma once
#include <string>

#include "builder/stack/stack_measure.h"

namespace imgslim::builder::stack {

std::string render_measure_text(const StackMeasurement& m);
std::string render_measure_markdown(const StackMeasurement& m);
// The `measure` object as JSON text.
std::string measure_json(const StackMeasurement& m);

std::string render_compare_text(const StackMeasurement& before, const StackMeasurement& after);
std::string render_compare_markdown(const StackMeasurement& before, const StackMeasurement& after);
// {"before": measure, "after": measure, "delta": {...}} as JSON text.
std::string compare_json(const StackMeasurement& before, const StackMeasurement& after);

}  // namespace imgslim::builder::stack
