// Everything a measuring run created goes when the run ends: containers
// (forced, with their anonymous volumes), then networks, then named volumes,
// found by the run's label so that a container created just before an error
// goes too. Ctrl-C and SIGTERM only raise a flag (interrupted()) that the
// runner checks between steps; the teardown then runs as the stack unwinds.
#pragma once
#include <string>

#include "builder/stack/stack_api.h"

namespace imgslim::builder::stack {

struct TeardownCounts {
  int containers = 0, networks = 0, volumes = 0;
  int failed = 0;  // the engine refused a removal
  std::string str() const;  // "2 containers, 1 network, 0 volumes"
};

// Removes every container, network and volume labelled kRunLabel=run_id.
TeardownCounts remove_run(const StackApi& api, const std::string& run_id);

// Owns a run: finish() removes it unless keep; destroyed unfinished (an
// error unwinding) it removes the run even with keep.
class RunGuard {
 public:
  RunGuard(const StackApi& api, std::string run_id, bool keep) : api_(api), run_id_(std::move(run_id)), keep_(keep) {}
  ~RunGuard();
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;
  TeardownCounts finish();  // tears down now (nothing when keep)

 private:
  const StackApi& api_;
  std::string run_id_;
  bool keep_;
  bool done_ = false;
};

// SIGINT/SIGTERM set a flag instead of killing the process, while alive.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};

bool interrupted();

}  // namespace imgslim::builder::stack
