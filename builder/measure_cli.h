// The `--measure` options of `imgslim rewrite` and the run behind them, so
// the rewrite command wires measuring in with two calls:
//
//   auto m = std::make_shared<imgslim::builder::MeasureCliOptions>();
//   imgslim::builder::add_measure_options(app, *m);      // --measure, --network, --smoke-url, ...
//   ...
//   if (m->enabled) return imgslim::builder::run_measure(variants, context, *m);  // exit code
//
// Output: the table (text/json/markdown) on stdout or in -o FILE, progress on stderr.
#pragma once
#include <string>
#include <vector>

#include "builder/measure.h"

namespace CLI {
class App;
}

namespace imgslim::builder {

struct MeasureCliOptions {
  bool enabled = false;                 // --measure
  std::string network = "none";         // --network none|host (build network)
  std::string smoke_url;                // --smoke-url PATH
  int smoke_port = 0;                   // --smoke-port N
  std::string smoke_cmd;                // --smoke-cmd CMD
  bool keep = false;                    // --keep
  std::string format = "text";          // --format text|json|markdown (rewrite's own --format is shared)
  std::vector<std::string> build_args;  // --build-arg NAME=value (repeatable)
  std::string target;                   // --target STAGE
  std::string platform;                 // --platform os/arch
  std::vector<std::string> secrets;     // --secret id=...,src=... (repeatable)
  std::string log_dir;                  // --build-logs DIR
  bool build_times = false;             // --build-times
};

// Adds the options above except --format (the rewrite command owns it).
void add_measure_options(CLI::App& app, MeasureCliOptions& options);

// Builds and smoke-checks variants (the first is the baseline) against the
// context, prints the table in options.format; returns 0 when everything
// built and passed, 1 otherwise. Throws imgslim::Error for bad input.
int run_measure(const std::vector<Variant>& variants, const std::string& context, const MeasureCliOptions& options);

}  // namespace imgslim::builder
