#include "builder/stack/stats_stream.h"

#include <algorithm>

#include "oci/client/http_client.h"

namespace imgslim::builder::stack {

StatsStream::StatsStream(const StackApi& api, std::string container_id)
    : api_(api), id_(std::move(container_id)), thread_([this] { run(); }) {}

StatsStream::~StatsStream() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void StatsStream::run() {
  struct MarkEnded {
    std::atomic<bool>& flag;
    ~MarkEnded() { flag = true; }
  } mark{ended_};
  try {
    auto stream = api_.stats_stream(id_);
    if (stream->status() != 200) return;
    std::string pending;
    char buf[16384];
    while (!stop_) {
      std::size_t n = stream->read(buf, sizeof buf);
      if (n == 0) return;  // the container stopped
      pending.append(buf, n);
      std::size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        auto sample = parse_stats(pending.substr(0, nl));
        pending.erase(0, nl + 1);
        if (!sample) continue;
        std::lock_guard lock(mu_);
        latest_ = sample;
        max_ = std::max({max_, sample->memory_usage, sample->memory_max});
        samples_++;
      }
    }
  } catch (const std::exception&) {
    // The engine closed the stream (container removed): the samples so far stand.
  }
}

std::optional<StatsSample> StatsStream::latest() const {
  std::lock_guard lock(mu_);
  return latest_;
}

std::uint64_t StatsStream::max_memory() const {
  std::lock_guard lock(mu_);
  return max_;
}

int StatsStream::samples() const {
  std::lock_guard lock(mu_);
  return samples_;
}

}  // namespace imgslim::builder::stack
