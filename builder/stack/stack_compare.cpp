#include "builder/stack/stack_compare.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "builder/stack/stack_kpis.h"
#include "builder/stack/stack_report.h"
#include "builder/stack/text_table.h"

namespace imgslim::builder::stack {
namespace {

using nlohmann::json;

std::string files_of(const StackMeasurement& m) {
  std::string s;
  for (const auto& f : m.files) s += (s.empty() ? "" : " + ") + f;
  return s;
}

// Bytes and counts are whole numbers in the JSON; seconds and ms are not.
json number(const KpiRow& row, const std::optional<double>& v) {
  if (!v) return nullptr;
  if (row.unit == "bytes" || row.unit == "count") return static_cast<std::int64_t>(*v);
  return *v;
}

json kpis_json(const std::vector<KpiRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    auto p = r.delta_percent();
    out.push_back({{"id", r.id}, {"service", r.service.empty() ? json(nullptr) : json(r.service)},
                   {"label", r.label}, {"unit", r.unit}, {"before", number(r, r.before)},
                   {"after", number(r, r.after)}, {"delta", number(r, r.delta())},
                   {"delta_percent", p ? json(*p) : json(nullptr)}});
  }
  return out;
}

// Markdown drops leading spaces: a service's row is indented with an em space.
TableRows markdown_rows(TableRows rows) {
  for (auto& r : rows)
    if (r[0].rfind("  ", 0) == 0) r[0] = "&emsp;" + r[0].substr(2);
  return rows;
}

}  // namespace

std::string render_compare_text(const StackMeasurement& b, const StackMeasurement& a) {
  std::ostringstream out;
  out << "before: " << files_of(b) << "\n" << render_measure_text(b) << "\nafter: " << files_of(a) << "\n"
      << render_measure_text(a) << "\n" << text_table(kpi_table(stack_kpis(b, a)));
  return out.str();
}

std::string render_compare_markdown(const StackMeasurement& b, const StackMeasurement& a) {
  std::ostringstream out;
  out << "### before: `" << files_of(b) << "`\n\n" << render_measure_markdown(b) << "\n### after: `" << files_of(a)
      << "`\n\n" << render_measure_markdown(a) << "\n### before → after\n\n"
      << markdown_table(markdown_rows(kpi_table(stack_kpis(b, a))));
  return out.str();
}

std::string compare_json(const StackMeasurement& b, const StackMeasurement& a) {
  auto d = [](std::uint64_t x, std::uint64_t y) { return static_cast<std::int64_t>(y) - static_cast<std::int64_t>(x); };
  json delta = {{"peak_memory_bytes", d(b.stack.peak_total_memory, a.stack.peak_total_memory)},
                {"memory_limits_bytes", d(b.stack.memory_limits, a.stack.memory_limits)},
                {"images_bytes", d(b.stack.images_bytes, a.stack.images_bytes)},
                {"all_healthy_seconds", b.stack.all_ready_seconds && a.stack.all_ready_seconds
                                            ? json(*a.stack.all_ready_seconds - *b.stack.all_ready_seconds)
                                            : json(nullptr)}};
  return json{{"before", measure_object(b)}, {"after", measure_object(a)}, {"delta", delta},
              {"kpis", kpis_json(stack_kpis(b, a))}}
      .dump(2);
}

}  // namespace imgslim::builder::stack
