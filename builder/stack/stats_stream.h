// One container's stats stream read on its own thread: the engine sends a
// sample about once a second per container (a one-shot request costs as
// long), so each container gets a stream and the runner reads the latest
// sample and the highest memory seen without waiting.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "builder/stack/stack_api.h"

namespace imgslim::builder::stack {

class StatsStream {
 public:
  StatsStream(const StackApi& api, std::string container_id);
  ~StatsStream();  // stop() and join
  StatsStream(const StatsStream&) = delete;
  StatsStream& operator=(const StatsStream&) = delete;

  // Asks the thread to end after its current read (at most about a second).
  void stop() { stop_ = true; }
  std::optional<StatsSample> latest() const;
  std::uint64_t max_memory() const;  // highest usage (or cgroup v1 max_usage) of any sample
  int samples() const;
  bool ended() const { return ended_; }  // the stream closed (the container stopped)

 private:
  void run();
  const StackApi& api_;
  std::string id_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ended_{false};
  mutable std::mutex mu_;
  std::optional<StatsSample> latest_;
  std::uint64_t max_ = 0;
  int samples_ = 0;
  std::thread thread_;
};

}  // namespace imgslim::builder::stack
