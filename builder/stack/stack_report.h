// A stack measurement rendered: text (verdict line, services table, stack
// totals, load, build times, teardown), JSON (the `measure` object:
// services[], stack, load, failures, notes) and Markdown (a CI summary).
// Two measurements side by side: stack_compare.h.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "builder/stack/stack_measure.h"

namespace imgslim::builder::stack {

std::string render_measure_text(const StackMeasurement& m);
std::string render_measure_markdown(const StackMeasurement& m);
// The `measure` object, and as JSON text.
nlohmann::json measure_object(const StackMeasurement& m);
std::string measure_json(const StackMeasurement& m);

}  // namespace imgslim::builder::stack
