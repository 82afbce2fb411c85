// A progress display on stderr for long reads: bytes read of the total and
// the layers done, redrawn at most ten times a second on one line. It draws
// only when stderr is a terminal and not --quiet; otherwise every call is a
// cheap no-op. Safe to update from several threads.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace imgslim {

class Progress {
 public:
  // `enabled` false: draws nothing (not a terminal, --quiet, tests).
  Progress(std::string label, std::uint64_t total_bytes, std::size_t total_layers, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void add_bytes(std::uint64_t n);
  void layer_done();
  void finish();  // clears the line

  bool enabled() const { return enabled_; }
  std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::size_t layers_done() const { return layers_.load(std::memory_order_relaxed); }
  // The line as it would be drawn (for tests).
  std::string line() const;

  // Enabled when stderr is a terminal and `quiet` is false.
  static bool should_show(bool quiet);

 private:
  void maybe_draw(bool force);

  std::string label_;
  std::uint64_t total_bytes_;
  std::size_t total_layers_;
  bool enabled_;
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::size_t> layers_{0};
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace imgslim
