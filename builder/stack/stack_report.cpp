#include "builder/stack/stack_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compose/model/units.h"

namespace imgslim::builder::stack {
namespace {

using nlohmann::json;
using compose::format_mib;

std::string secs(std::optional<double> s) {
  if (!s) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", *s);
  return buf;
}

std::string signed_mib(std::int64_t delta) {
  std::string s = format_mib(static_cast<std::uint64_t>(delta < 0 ? -delta : delta));
  return (delta < 0 ? "-" : "+") + s;
}

std::string percent(double before, double after) {
  if (before == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%+.0f %%)", (after - before) / before * 100);
  return buf;
}

std::string opt_mib(std::optional<std::uint64_t> b) { return b ? format_mib(*b) : "-"; }

// Columns padded to their widest cell.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::ostringstream out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line += r[i] + (i + 1 < r.size() ? std::string(width[i] - r[i].size() + 2, ' ') : "");
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string md_table(const std::vector<std::vector<std::string>>& rows) {
  std::ostringstream out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out << "|";
    for (const auto& c : rows[r]) out << " " << c << " |";
    out << "\n";
    if (r == 0) {
      out << "|";
      for (std::size_t i = 0; i < rows[r].size(); ++i) out << (i == 0 ? "---|" : "---:|");
      out << "\n";
    }
  }
  return out.str();
}

std::vector<std::vector<std::string>> service_rows(const StackMeasurement& m) {
  std::vector<std::vector<std::string>> rows = {{"SERVICE", "STATE", "HEALTHY", "RUNNING AFTER", "HEALTHY AFTER",
                                                 "PEAK MEMORY", "LIMIT", "CPU", "OOM", "RESTARTS", "EXIT", "IMAGE"}};
  for (const auto& s : m.services) {
    char cpu[32];
    std::snprintf(cpu, sizeof cpu, "%.2f s", s.cpu_seconds);
    rows.push_back({s.name, s.state, s.healthy ? "yes" : "no", secs(s.running_seconds),
                    s.has_healthcheck ? secs(s.healthy_seconds) : "no check", opt_mib(s.peak_memory),
                    opt_mib(s.mem_limit), cpu, s.oom_killed ? "yes" : "no", std::to_string(s.restarts),
                    s.exit_code ? std::to_string(*s.exit_code) : "-", format_mib(s.image_bytes)});
  }
  return rows;
}

std::string verdict(const StackMeasurement& m) {
  auto failures = m.failures();
  std::string ready = m.stack.all_ready_seconds ? "all " + std::to_string(m.services.size()) + " services ready after " +
                                                      secs(m.stack.all_ready_seconds)
                                                : "not every service became ready";
  std::string memory = "peak memory " + format_mib(m.stack.peak_total_memory);
  if (m.stack.host_available) memory += " of " + format_mib(*m.stack.host_available) + " for containers";
  if (failures.empty()) return "measured: " + ready + "; " + memory;
  std::string s = "fails: ";
  for (std::size_t i = 0; i < failures.size(); ++i) s += (i ? "; " : "") + failures[i];
  return s + " (" + memory + ")";
}

std::string stack_line(const StackMeasurement& m) {
  std::string s = std::string("stack: ") +
                  (m.stack.all_ready_seconds ? "all ready after " + secs(m.stack.all_ready_seconds) : "not all ready") +
                  ", peak memory " +
                  format_mib(m.stack.peak_total_memory) + " (highest sum at one sample)";
  if (m.stack.host_available)
    s += " against " + format_mib(*m.stack.host_available) + " for containers (" + opt_mib(m.stack.host_memory) +
         " host - " + opt_mib(m.stack.host_reserve) + " OS/Docker)";
 s += ", limits " + format_mib(m.stack.memory_limits) + ", images " + format_mib(m.stack.images_bytes);
  if (m.stack.images_summed_bytes > m.stack.images_bytes)
    s += " (shared layers once; " + format_mib(m.stack.images_summed_bytes) + " summed per image)";
  s += ", observed " + secs(m.stack.observed_seconds) + " (" + std::to_string(m.stack.samples) + " samples)";
  return s;
}

std::string load_line(const LoadResult& l) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "load: %d requests, %d concurrent, to %s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors, %.1f s",
                l.requests, l.concurrency, l.url.c_str(), l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms, l.errors, l.seconds);
  std::string s = buf;
  if (!l.first_error.empty()) s += " (first: " + l.first_error + ")";
  return s;
}

json optional_json(std::optional<double> v) { return v ? json(*v) : json(nullptr); }
json optional_json(std::optional<std::uint64_t> v) { return v ? json(*v) : json(nullptr); }

json measure_object(const StackMeasurement& m) {
  json services = json::array();
  for (const auto& s : m.services)
    services.push_back({{"name", s.name}, {"image", s.image}, {"container", s.container}, {"state", s.state},
                        {"started", s.started}, {"healthy", s.healthy}, {"has_healthcheck", s.has_healthcheck},
                        {"startup_seconds", optional_json(s.startup_seconds())},
                        {"start_offset_seconds", optional_json(s.start_offset)},
                        {"running_seconds", optional_json(s.running_seconds)},
                        {"healthy_seconds", optional_json(s.healthy_seconds)},
                        {"peak_memory_bytes", optional_json(s.peak_memory)},
                        {"peak_memory_source", s.peak_memory_source},
                        {"memory_limit_bytes", optional_json(s.mem_limit)}, {"cpu_seconds", s.cpu_seconds},
                        {"oom_killed", s.oom_killed}, {"restarts", s.restarts},
                        {"exit_code", s.exit_code ? json(*s.exit_code) : json(nullptr)},
                        {"image_bytes", s.image_bytes}, {"problem", s.problem}});
  const auto& t = m.stack;
  json stack = {{"all_healthy_seconds", optional_json(t.all_ready_seconds)},
                {"peak_memory_bytes", t.peak_total_memory},
                {"memory_limits_bytes", t.memory_limits},
                {"host_memory_bytes", optional_json(t.host_memory)},
                {"host_reserve_bytes", optional_json(t.host_reserve)},
                {"host_available_bytes", optional_json(t.host_available)},
                {"fits_host", t.host_available ? json(t.peak_total_memory <= *t.host_available) : json(nullptr)},
                {"images_bytes", t.images_bytes},
                {"images_summed_bytes", t.images_summed_bytes},
                {"observed_seconds", t.observed_seconds},
                {"samples", t.samples}};
  json out = {{"project", m.project}, {"files", m.files}, {"engine", m.engine}, {"run_id", m.run_id},
              {"passed", m.failures().empty()}, {"failures", m.failures()}, {"services", services},
              {"stack", stack}, {"notes", m.notes}, {"teardown", m.teardown}, {"interrupted", m.interrupted}};
  if (m.load)
    out["load"] = {{"url", m.load->url}, {"requests", m.load->requests}, {"concurrency", m.load->concurrency},
                   {"errors", m.load->errors}, {"seconds", m.load->seconds}, {"p50_ms", m.load->p50_ms},
                   {"p90_ms", m.load->p90_ms}, {"p99_ms", m.load->p99_ms}, {"max_ms", m.load->max_ms},
                   {"first_error", m.load->first_error}};
  else
    out["load"] = nullptr;
  return out;
}

struct Kpi {
  std::string name, before, after, delta;
};

std::vector<Kpi> kpis(const StackMeasurement& b, const StackMeasurement& a) {
  std::vector<Kpi> out;
  auto mem = [&](const std::string& name, std::uint64_t x, std::uint64_t y) {
    out.push_back({name, format_mib(x), format_mib(y),
                   signed_mib(static_cast<std::int64_t>(y) - static_cast<std::int64_t>(x)) + percent(x, y)});
  };
  std::string ready_delta = "-";
  if (b.stack.all_ready_seconds && a.stack.all_ready_seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f s", *a.stack.all_ready_seconds - *b.stack.all_ready_seconds);
    ready_delta = buf + percent(*b.stack.all_ready_seconds, *a.stack.all_ready_seconds);
  }
  out.push_back({"all healthy after", secs(b.stack.all_ready_seconds), secs(a.stack.all_ready_seconds), ready_delta});
  mem("peak memory", b.stack.peak_total_memory, a.stack.peak_total_memory);
  mem("memory limits", b.stack.memory_limits, a.stack.memory_limits);
  mem("images", b.stack.images_bytes, a.stack.images_bytes);
  out.push_back({"services healthy", std::to_string(std::count_if(b.services.begin(), b.services.end(), [](auto& s) { return s.healthy; })) + "/" + std::to_string(b.services.size()),
                 std::to_string(std::count_if(a.services.begin(), a.services.end(), [](auto& s) { return s.healthy; })) + "/" + std::to_string(a.services.size()), ""});
  return out;
}

std::vector<std::vector<std::string>> kpi_rows(const StackMeasurement& b, const StackMeasurement& a) {
  std::vector<std::vector<std::string>> rows = {{"KPI", "BEFORE", "AFTER", "DELTA"}};
  for (const auto& k : kpis(b, a)) rows.push_back({k.name, k.before, k.after, k.delta});
  return rows;
}

// Services by name in either stack: peak memory, startup, image bytes.
std::vector<std::vector<std::string>> per_service_rows(const StackMeasurement& b, const StackMeasurement& a) {
  std::vector<std::vector<std::string>> rows = {{"SERVICE", "PEAK BEFORE", "PEAK AFTER", "STARTUP BEFORE",
                                                 "STARTUP AFTER", "IMAGE BEFORE", "IMAGE AFTER"}};
  std::vector<std::string> names;
  for (const auto* m : {&b, &a})
    for (const auto& s : m->services)
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
  auto find = [](const StackMeasurement& m, const std::string& n) -> const ServiceMeasure* {
    for (const auto& s : m.services)
      if (s.name == n) return &s;
    return nullptr;
  };
  for (const auto& n : names) {
    const ServiceMeasure* x = find(b, n);
    const ServiceMeasure* y = find(a, n);
    rows.push_back({n, x ? opt_mib(x->peak_memory) : "-", y ? opt_mib(y->peak_memory) : "-",
                    x ? secs(x->startup_seconds()) : "-", y ? secs(y->startup_seconds()) : "-",
                    x ? format_mib(x->image_bytes) : "-", y ? format_mib(y->image_bytes) : "-"});
  }
  return rows;
}

std::string files_of(const StackMeasurement& m) {
  std::string s;
  for (const auto& f : m.files) s += (s.empty() ? "" : " + ") + f;
  return s;
}

}  // namespace

std::string render_measure_text(const StackMeasurement& m) {
  std::ostringstream out;
  out << verdict(m) << "\n\n" << table(service_rows(m)) << stack_line(m) << "\n";
  if (m.load) out << load_line(*m.load) << "\n";
  for (const auto& s : m.services)
    if (!s.problem.empty()) out << s.name << ": " << s.problem << "\n";
  for (const auto& n : m.notes) out << "note: " << n << "\n";
  out << m.engine << ", run " << m.run_id << ": " << m.teardown << "\n";
  return out.str();
}

std::string render_measure_markdown(const StackMeasurement& m) {
  std::ostringstream out;
  out << (m.failures().empty() ? "✅ " : "❌ ") << verdict(m) << "\n\n" << md_table(service_rows(m)) << "\n"
      << stack_line(m) << "\n";
  if (m.load) out << "\n" << load_line(*m.load) << "\n";
  for (const auto& s : m.services)
    if (!s.problem.empty()) out << "\n- `" << s.name << "`: " << s.problem;
  out << "\n";
  return out.str();
}

std::string measure_json(const StackMeasurement& m) { return measure_object(m).dump(2); }

std::string render_compare_text(const StackMeasurement& b, const StackMeasurement& a) {
  std::ostringstream out;
  out << "before: " << files_of(b) << "\n" << render_measure_text(b) << "\nafter: " << files_of(a) << "\n"
      << render_measure_text(a) << "\n" << table(kpi_rows(b, a)) << "\n" << table(per_service_rows(b, a));
  return out.str();
}

std::string render_compare_markdown(const StackMeasurement& b, const StackMeasurement& a) {
  std::ostringstream out;
  out << "### before: `" << files_of(b) << "`\n\n" << render_measure_markdown(b) << "\n### after: `" << files_of(a)
      << "`\n\n" << render_measure_markdown(a) << "\n### before → after\n\n" << md_table(kpi_rows(b, a)) << "\n"
      << md_table(per_service_rows(b, a));
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
  return json{{"before", measure_object(b)}, {"after", measure_object(a)}, {"delta", delta}}.dump(2);
}

}  // namespace imgslim::builder::stack
