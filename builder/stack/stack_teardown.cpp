#include "builder/stack/stack_teardown.h"

#include <csignal>

#include "builder/stack/stack_plan.h"

namespace imgslim::builder::stack {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
struct sigaction g_old_int {}, g_old_term {};

void on_signal(int) { g_interrupted = 1; }

std::string count(int n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

}  // namespace

std::string TeardownCounts::str() const {
  std::string s = count(containers, "container") + ", " + count(networks, "network") + ", " + count(volumes, "volume");
  if (failed) s += " (" + std::to_string(failed) + " the engine would not remove)";
  return s;
}

TeardownCounts remove_run(const StackApi& api, const std::string& run_id) {
  TeardownCounts c;
  const std::string label = std::string(kRunLabel) + "=" + run_id;
  for (const auto& id : api.containers_labelled(label)) (api.remove_container(id) ? c.containers : c.failed)++;
  for (const auto& id : api.networks_labelled(label)) (api.remove_network(id) ? c.networks : c.failed)++;
  for (const auto& name : api.volumes_labelled(label)) (api.remove_volume(name) ? c.volumes : c.failed)++;
  return c;
}

RunGuard::~RunGuard() {
  // Not finished: an error or an interruption unwinds the run; --keep keeps
  // a measured stack, not a half-started one.
  if (done_) return;
  done_ = true;
  try {
    remove_run(api_, run_id_);
  } catch (...) {
    // The engine went away mid-teardown: nothing more can be removed.
  }
}

TeardownCounts RunGuard::finish() {
  if (done_) return {};
  done_ = true;
  if (keep_) return {};
  return remove_run(api_, run_id_);
}

InterruptScope::InterruptScope() {
  g_interrupted = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

}  // namespace imgslim::builder::stack
