#include "cli/compose_measure.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "builder/stack/stack_compare.h"
#include "builder/stack/stack_measure.h"
#include "builder/stack/stack_report.h"
#include "compose/report/report.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace imgslim::cli {
namespace {

using namespace imgslim::builder::stack;

StackMeasureOptions stack_options(const MeasureInput& in, const ComposeMeasureOptions& o) {
  StackMeasureOptions s;
  s.engine = in.daemon == "podman" ? oci::EngineKind::Podman : oci::EngineKind::Docker;
  s.timeout_seconds = o.timeout;
  s.duration_seconds = o.duration;
  s.keep = o.keep;
  s.build = o.build;
  s.build_times = o.build_times;
  s.host_memory = in.report.budget.host_memory;
  s.host_reserve = in.report.budget.reserve;
  s.host_available = in.report.budget.available;
  if (!o.load_url.empty()) s.load = LoadSpec{o.load_url, o.requests, o.concurrency};
  s.progress = [](const std::string& line) { std::fprintf(stderr, "imgslim: %s\n", line.c_str()); };
  return s;
}

StackMeasurement measure(const compose::Project& project, const StackMeasureOptions& options) {
  return measure_stack(project, compose::read_services(project), options);
}

}  // namespace

void add_compose_measure_options(CLI::App& app, ComposeMeasureOptions& o) {
  app.add_flag("--measure", o.enabled, "Start the stack with the engine, measure startup, memory, CPU, then remove it");
  app.add_option("--timeout", o.timeout, "With --measure: seconds every service has to become healthy (default 180)");
  app.add_option("--duration", o.duration, "With --measure: seconds to observe from the start (default: all healthy + 10)");
  app.add_flag("--keep", o.keep, "With --measure: leave the stack running");
  app.add_flag("--build", o.build, "With --measure: build services with build: even when their image exists");
  app.add_option("--load", o.load_url, "With --measure: once all are healthy, send GET requests to URL");
  app.add_option("--requests", o.requests, "With --load: number of requests (default 100)");
  app.add_option("--concurrency", o.concurrency, "With --load: requests in flight (default 4)");
  app.add_option("--compare", o.compare_files, "With --measure: measure this stack too (files merged in order; "
                                                "repeatable) and show both with the deltas")
      ->allow_extra_args(false);
  app.add_flag("--build-times", o.build_times, "With --measure: time each built service's cold build (--no-cache) and "
                                               "its rebuild after a source file changes (in a scratch copy)");
  app.add_option("--measure-json", o.measure_json, "With --measure: also write the JSON report (as --format json "
                                                   "prints it) to FILE");
}

std::string run_compose_measure(const MeasureInput& in, const ComposeMeasureOptions& o, const std::string& audit_output,
                                int* exit_code) {
  if (in.format != "text" && in.format != "json" && in.format != "markdown")
    throw Error("--format", "--measure renders text, json or markdown, not " + in.format);
  if (o.timeout <= 0) throw Error("--timeout", "must be positive");
  if (o.duration && *o.duration < 0) throw Error("--duration", "must not be negative");
  if (!o.load_url.empty() && (o.requests < 1 || o.concurrency < 1))
    throw Error("--load", "--requests and --concurrency must be at least 1");
  if (!o.load_url.empty() && o.load_url.rfind("http://", 0) != 0 && o.load_url.rfind("https://", 0) != 0)
    throw Error("--load", "expected an http:// or https:// URL, got \"" + o.load_url + "\"");
  if (!o.measure_json.empty()) {  // checked before the run, not after minutes of measuring
    auto dir = std::filesystem::absolute(o.measure_json).parent_path();
    if (!std::filesystem::is_directory(dir)) throw Error(o.measure_json, "no such directory: " + dir.string());
  }
  StackMeasureOptions options = stack_options(in, o);
  std::optional<compose::Project> other;
  if (!o.compare_files.empty()) {  // loaded before anything starts: a bad file fails first
    compose::LoadOptions load = in.load;
    load.files = o.compare_files;
    other = compose::load_project(load);
  }
  StackMeasurement before = measure(in.project, options);
  std::optional<StackMeasurement> after;
  if (other && !before.interrupted) after = measure(*other, options);
  *exit_code = std::max(before.exit_code(), after ? after->exit_code() : 0);
  if (after && after->interrupted) *exit_code = 1;

  auto json_report = [&](const std::string& audit_json) {
    auto doc = nlohmann::json::parse(audit_json);
    doc["measure"] = nlohmann::json::parse(measure_json(before));
    if (after) doc["compare"] = nlohmann::json::parse(compare_json(before, *after));
    return doc.dump(2) + "\n";
  };
  if (!o.measure_json.empty()) write_file_atomically(o.measure_json, json_report(compose::render_json(in.report)));
  if (in.format == "json") return json_report(audit_output);
  std::string out = audit_output;
  if (!out.empty() && out.back() != '\n') out += "\n";
  out += "\n";
  if (in.format == "markdown")
    out += after ? render_compare_markdown(before, *after) : render_measure_markdown(before);
  else
    out += after ? render_compare_text(before, *after) : render_measure_text(before);
  return out;
}

}  // namespace imgslim::cli
