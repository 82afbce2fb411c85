// Wall-clock phase timings for benchmarks: with IMGSLIM_TIMINGS=1 in the
// environment each finished phase prints "imgslim: timing: NAME 1.234 s" on
// stderr; otherwise a PhaseTimer costs one clock read. Never part of output.
#pragma once
#include <chrono>
#include <string>

namespace imgslim {

class PhaseTimer {
 public:
  explicit PhaseTimer(std::string name);
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

  static bool enabled();  // IMGSLIM_TIMINGS is set and not "0"

 private:
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace imgslim
