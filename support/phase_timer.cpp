#include "support/phase_timer.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace imgslim {

bool PhaseTimer::enabled() {
  static const bool on = [] {
    const char* v = std::getenv("IMGSLIM_TIMINGS");
    return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
  }();
  return on;
}

PhaseTimer::PhaseTimer(std::string name) : name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}

PhaseTimer::~PhaseTimer() {
  if (!enabled()) return;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "imgslim: timing: %s %.3f s\n", name_.c_str(), s);
}

}  // namespace imgslim
