#include "builder/stack/stack_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "builder/stack/text_table.h"
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

std::string opt_mib(std::optional<std::uint64_t> b) { return b ? format_mib(*b) : "-"; }

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

json build_times_json(const ServiceMeasure& s) {
  if (!s.build_times) return nullptr;
  const BuildTimes& t = *s.build_times;
  return {{"method", kColdBuildMethod}, {"cold_seconds", optional_json(t.cold_seconds)},
          {"rebuild_seconds", optional_json(t.rebuild_seconds)}, {"changed_file", t.changed_file},
          {"error", t.error}};
}

// "build times: api cold 35.2 s (--no-cache), rebuild 4.1 s after a change to src/server.ts"
std::string build_times_line(const ServiceMeasure& s) {
  const BuildTimes& t = *s.build_times;
  std::string line = "build times: " + s.name + " cold " + secs(t.cold_seconds) + " (" + kColdBuildMethod + ")";
  if (t.rebuild_seconds) line += ", rebuild " + secs(t.rebuild_seconds) + " after a change to " + t.changed_file;
  if (!t.error.empty()) line += "; " + t.error;
  return line;
}

}  // namespace

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
                        {"image_bytes", s.image_bytes}, {"build_times", build_times_json(s)},
                        {"problem", s.problem}});
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

std::string render_measure_text(const StackMeasurement& m) {
  std::ostringstream out;
  out << verdict(m) << "\n\n" << text_table(service_rows(m)) << stack_line(m) << "\n";
  if (m.load) out << load_line(*m.load) << "\n";
  for (const auto& s : m.services)
    if (s.build_times) out << build_times_line(s) << "\n";
  for (const auto& s : m.services)
    if (!s.problem.empty()) out << s.name << ": " << s.problem << "\n";
  for (const auto& n : m.notes) out << "note: " << n << "\n";
  out << m.engine << ", run " << m.run_id << ": " << m.teardown << "\n";
  return out.str();
}

std::string render_measure_markdown(const StackMeasurement& m) {
  std::ostringstream out;
  out << (m.failures().empty() ? "✅ " : "❌ ") << verdict(m) << "\n\n" << markdown_table(service_rows(m)) << "\n"
      << stack_line(m) << "\n";
  if (m.load) out << "\n" << load_line(*m.load) << "\n";
  for (const auto& s : m.services)
    if (s.build_times) out << "\n" << build_times_line(s) << "\n";
  for (const auto& s : m.services)
    if (!s.problem.empty()) out << "\n- `" << s.name << "`: " << s.problem;
  out << "\n";
  return out.str();
}

std::string measure_json(const StackMeasurement& m) { return measure_object(m).dump(2); }

}  // namespace imgslim::builder::stack
