#include "builder/stack/stack_kpis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "compose/model/units.h"

namespace imgslim::builder::stack {
namespace {

using KpiValue = std::optional<double>;
using PerService = std::function<KpiValue(const ServiceMeasure&)>;

const ServiceMeasure* find(const StackMeasurement& m, const std::string& name) {
  for (const auto& s : m.services)
    if (s.name == name) return &s;
  return nullptr;
}

// Services of either stack, before's order first.
std::vector<std::string> service_names(const StackMeasurement& b, const StackMeasurement& a) {
  std::vector<std::string> names;
  for (const auto* m : {&b, &a})
    for (const auto& s : m->services)
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
  return names;
}

int healthy_count(const StackMeasurement& m) {
  return static_cast<int>(std::count_if(m.services.begin(), m.services.end(), [](const auto& s) { return s.healthy; }));
}

int oom_count(const StackMeasurement& m) {
  return static_cast<int>(std::count_if(m.services.begin(), m.services.end(), [](const auto& s) { return s.oom_killed; }));
}

KpiValue image_average(const StackMeasurement& m) {
  if (m.services.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& s : m.services) sum += static_cast<double>(s.image_bytes);
  return std::round(sum / static_cast<double>(m.services.size()));
}

// Build times summed over the services that were timed; none when no figure.
KpiValue build_sum(const StackMeasurement& m, std::optional<double> BuildTimes::*field) {
  KpiValue sum;
  for (const auto& s : m.services)
    if (s.build_times && (*s.build_times).*field) sum = sum.value_or(0) + *((*s.build_times).*field);
  return sum;
}

bool any_timed(const StackMeasurement& m) {
  return std::any_of(m.services.begin(), m.services.end(), [](const auto& s) { return s.build_times.has_value(); });
}

KpiValue bytes(std::uint64_t b) { return static_cast<double>(b); }
KpiValue bytes(std::optional<std::uint64_t> b) { return b ? KpiValue(static_cast<double>(*b)) : std::nullopt; }

std::string fixed(double v, const char* format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::optional<double> KpiRow::delta() const {
  if (!before || !after) return std::nullopt;
  return *after - *before;
}

std::optional<double> KpiRow::delta_percent() const {
  if (!before || !after || *before == 0) return std::nullopt;
  return (*after - *before) / *before * 100;
}

std::vector<KpiRow> stack_kpis(const StackMeasurement& b, const StackMeasurement& a) {
  std::vector<KpiRow> rows;
  const auto names = service_names(b, a);
  auto stack_row = [&](const std::string& id, const std::string& label, const std::string& unit, KpiValue x, KpiValue y) {
    rows.push_back({id, "", label, unit, x, y});
  };
  // `measured_only`: leave out services with no figure on either side (not built).
  auto per_service = [&](const std::string& id, const std::string& unit, const PerService& get,
                         bool measured_only = false) {
    for (const auto& n : names) {
      const ServiceMeasure* x = find(b, n);
      const ServiceMeasure* y = find(a, n);
      KpiValue before = x ? get(*x) : std::nullopt, after = y ? get(*y) : std::nullopt;
      if (measured_only && !before && !after) continue;
      rows.push_back({id, n, "  " + n, unit, before, after});
    }
  };
  stack_row("all_healthy_seconds", "container startup: all healthy after", "seconds", b.stack.all_ready_seconds,
            a.stack.all_ready_seconds);
  per_service("startup_seconds", "seconds", [](const ServiceMeasure& s) { return s.startup_seconds(); });
  stack_row("images_bytes", "image size: total, shared layers once", "bytes", bytes(b.stack.images_bytes),
            bytes(a.stack.images_bytes));
  per_service("image_bytes", "bytes", [](const ServiceMeasure& s) { return bytes(s.image_bytes); });
  stack_row("image_average_bytes", "image size: average per service", "bytes", image_average(b), image_average(a));
  stack_row("peak_memory_bytes", "memory usage: peak, highest sum at one sample", "bytes",
            bytes(b.stack.peak_total_memory), bytes(a.stack.peak_total_memory));
  per_service("peak_memory_bytes", "bytes", [](const ServiceMeasure& s) { return bytes(s.peak_memory); });
  stack_row("memory_limits_bytes", "memory limits: total", "bytes", bytes(b.stack.memory_limits),
            bytes(a.stack.memory_limits));
  stack_row("oom_kills", "OOM kills", "count", oom_count(b), oom_count(a));
  per_service("oom_kills", "count", [](const ServiceMeasure& s) { return KpiValue(s.oom_killed ? 1 : 0); });
  std::string of = std::to_string(b.services.size());
  if (a.services.size() != b.services.size()) of += " before, " + std::to_string(a.services.size()) + " after";
  stack_row("services_healthy", "services healthy (of " + of + ")", "count", healthy_count(b), healthy_count(a));
  if (any_timed(b) || any_timed(a)) {
    auto timed = [](std::optional<double> BuildTimes::*field) {
      return [field](const ServiceMeasure& s) { return s.build_times ? (*s.build_times).*field : std::nullopt; };
    };
    stack_row("build_cold_seconds", std::string("build time: cold (") + kColdBuildMethod + "), services built",
              "seconds", build_sum(b, &BuildTimes::cold_seconds), build_sum(a, &BuildTimes::cold_seconds));
    per_service("build_cold_seconds", "seconds", timed(&BuildTimes::cold_seconds), true);
    stack_row("rebuild_seconds", "build time: rebuild after a source change", "seconds",
              build_sum(b, &BuildTimes::rebuild_seconds), build_sum(a, &BuildTimes::rebuild_seconds));
    per_service("rebuild_seconds", "seconds", timed(&BuildTimes::rebuild_seconds), true);
  }
  if (b.load || a.load) {
    auto p = [](const StackMeasurement& m, double LoadResult::*f) { return m.load ? KpiValue((*m.load).*f) : std::nullopt; };
    stack_row("response_p50_ms", "API response: p50 under --load", "ms", p(b, &LoadResult::p50_ms), p(a, &LoadResult::p50_ms));
    stack_row("response_p90_ms", "API response: p90 under --load", "ms", p(b, &LoadResult::p90_ms), p(a, &LoadResult::p90_ms));
  }
  return rows;
}

std::string format_kpi_value(const KpiRow& row, const std::optional<double>& v) {
  if (!v) return "-";
  if (row.unit == "bytes") return compose::format_mib(static_cast<std::uint64_t>(*v));
  if (row.unit == "seconds") return fixed(*v, "%.1f s");
  if (row.unit == "ms") return fixed(*v, "%.1f ms");
  return fixed(*v, "%.0f");
}

std::string format_kpi_delta(const KpiRow& row) {
  auto d = row.delta();
  if (!d) return "-";
  std::string s;
  if (row.unit == "bytes") {
    s = (*d < 0 ? "-" : "+") + compose::format_mib(static_cast<std::uint64_t>(std::fabs(*d)));
  } else if (row.unit == "count") {
    s = *d == 0 ? "0" : fixed(*d, "%+.0f");
  } else {
    s = fixed(*d, row.unit == "ms" ? "%+.1f ms" : "%+.1f s");
  }
  if (auto p = row.delta_percent(); p && row.unit != "count") s += fixed(*p, " (%+.0f %%)");
  return s;
}

std::vector<std::vector<std::string>> kpi_table(const std::vector<KpiRow>& rows) {
  std::vector<std::vector<std::string>> out = {{"KPI", "BEFORE", "AFTER", "DELTA"}};
  for (const auto& r : rows)
    out.push_back({r.label, format_kpi_value(r, r.before), format_kpi_value(r, r.after), format_kpi_delta(r)});
  return out;
}

}  // namespace imgslim::builder::stack
