#include "oci/layers/pipelined_chunks.h"

#include <cstring>

namespace imgslim::oci {

PipelinedChunks::PipelinedChunks(ChunkSource& inner, std::function<std::uint64_t()> progress, std::size_t depth)
    : inner_(inner), progress_of_(std::move(progress)), depth_(depth < 1 ? 1 : depth) {
  thread_ = std::thread([this] { produce(); });
}

PipelinedChunks::~PipelinedChunks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PipelinedChunks::produce() {
  try {
    for (;;) {
      const unsigned char* data = nullptr;
      std::size_t n = 0;
      if (!inner_.next(data, n)) break;
      Chunk c;
      {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
          c.bytes = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      c.bytes.assign(data, data + n);
      c.progress = progress_of_ ? progress_of_() : 0;
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
      if (stopping_) return;
      ready_.push_back(std::move(c));
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  changed_.notify_all();
}

bool PipelinedChunks::next(const unsigned char*& data, std::size_t& n) {
  std::unique_lock lock(mutex_);
  if (!current_.bytes.empty()) spare_.push_back(std::move(current_.bytes));
  current_.bytes.clear();
  changed_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (ready_.empty()) {
    if (error_) std::rethrow_exception(error_);
    return false;
  }
  current_ = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  current_progress_ = current_.progress;
  data = current_.bytes.data();
  n = current_.bytes.size();
  return true;
}

}  // namespace imgslim::oci
