// The users' plan promises its KPIs before and after (container startup,
// image size, memory usage, build time, API response); these are the rows
// that show them for two measured stacks side by side, each for the stack
// and per service, with the delta (after - before). The text, Markdown and
// JSON (`compare.kpis`) renderings all show these rows, in this order.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "builder/stack/stack_measure.h"

namespace imgslim::builder::stack {

struct KpiRow {
  std::string id;       // all_healthy_seconds, startup_seconds, images_bytes, image_bytes, …
  std::string service;  // "" for the whole stack
  std::string label;    // as the text table shows it (a service's row: "  name")
  std::string unit;     // seconds | bytes | count | ms
  std::optional<double> before, after;
  std::optional<double> delta() const;
  std::optional<double> delta_percent() const;  // when before is non-zero
};

std::vector<KpiRow> stack_kpis(const StackMeasurement& before, const StackMeasurement& after);

// A value as the tables show it: "4.5 s", "837 MiB", "3", "42.4 ms"; "-" when absent.
std::string format_kpi_value(const KpiRow& row, const std::optional<double>& value);
// "+1.8 s (+40 %)", "-663 MiB (-79 %)", "0"; "-" when either side is absent.
std::string format_kpi_delta(const KpiRow& row);

// Header ("KPI", "BEFORE", "AFTER", "DELTA") and one line per row.
std::vector<std::vector<std::string>> kpi_table(const std::vector<KpiRow>& rows);

}  // namespace imgslim::builder::stack
