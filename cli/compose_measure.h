// The `--measure` options of `imgslim compose` and the run behind them: the
// stack started with the real engine (builder/stack/), measured, torn down;
// with --compare FILE… a second stack measured the same way and shown side
// by side. The audit report is printed first; the measurement follows it
// (text, Markdown) or joins it as `measure` (and `compare`) in JSON; with
// --measure-json FILE that JSON is also written to FILE.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compose/checks/audit.h"
#include "compose/model/project.h"

namespace CLI {
class App;
}

namespace imgslim::cli {

struct ComposeMeasureOptions {
  bool enabled = false;                       // --measure
  double timeout = 180;                       // --timeout SECONDS: every service ready by then
  std::optional<double> duration;             // --duration SECONDS: observation window from the start
  bool keep = false;                          // --keep
  bool build = false;                         // --build
  std::string load_url;                       // --load URL
  int requests = 100, concurrency = 4;        // --requests N, --concurrency C
  std::vector<std::string> compare_files;     // --compare FILE (repeatable): the second stack
  bool build_times = false;                   // --build-times: cold build and rebuild of services with build:
  std::string measure_json;                   // --measure-json FILE: the JSON report too, whatever --format
};

void add_compose_measure_options(CLI::App& app, ComposeMeasureOptions& options);

struct MeasureInput {
  const compose::Project& project;
  const compose::LoadOptions& load;  // how `project` was loaded (profiles, env, -p) for --compare
  const compose::Report& report;     // the audit: host memory and the OS reserve
  std::string daemon;                // docker | podman
  std::string format;                // text | json | markdown
};

// Runs the measurement(s) and returns the rendered output appended to /
// merged into `audit_output`; *exit_code gets 0, or 1 when a measured stack
// fails (never healthy, OOM-killed, over the host's memory).
std::string run_compose_measure(const MeasureInput& input, const ComposeMeasureOptions& options,
                                const std::string& audit_output, int* exit_code);

}  // namespace imgslim::cli
