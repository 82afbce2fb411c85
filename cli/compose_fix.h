// The `--fix` options of `imgslim compose` and the run behind them: the
// Compose override written by compose/fix/ (atomically; `-o -` prints it),
// the findings it leaves listed with their steps, `--from-measure FILE`
// read from the JSON `compose --measure --format json` writes.
#pragma once
#include <string>

#include "compose/checks/audit.h"
#include "compose/model/project.h"

namespace CLI {
class App;
}

namespace imgslim::cli {

struct ComposeFixOptions {
  bool enabled = false;      // --fix
  std::string from_measure;  // --from-measure FILE
};

void add_compose_fix_options(CLI::App& app, ComposeFixOptions& options);

// `output`: -o as given ("" = docker-compose.imgslim.yml beside the first
// Compose file, "-" = stdout). Returns the exit status: 0 written (or nothing
// to add), 1 when an error finding is left for the user.
int run_compose_fix(const compose::LoadOptions& load, const compose::AuditOptions& audit_options,
                    const ComposeFixOptions& options, const std::string& output);

}  // namespace imgslim::cli
