// A stage of the layer pipeline moved to a thread of its own: a producer
// thread pulls the inner source (reading the blob, hashing it, inflating it)
// into a small queue of buffers while the caller's thread hashes and parses
// the tar. One big compressed layer then uses two cores instead of one (the
// node base layer is over half of a typical Node image's bytes). Chunks come
// out in order; an error of the inner source is thrown by next() after the
// chunks produced before it, as a direct read would have thrown it.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "oci/layers/chunk_source.h"

namespace imgslim::oci {

class PipelinedChunks final : public ChunkSource {
 public:
  // `progress` is read on the producer thread after each chunk (the stored
  // bytes consumed so far) and handed out with that chunk.
  PipelinedChunks(ChunkSource& inner, std::function<std::uint64_t()> progress, std::size_t depth = 4);
  ~PipelinedChunks() override;
  PipelinedChunks(const PipelinedChunks&) = delete;
  PipelinedChunks& operator=(const PipelinedChunks&) = delete;

  bool next(const unsigned char*& data, std::size_t& n) override;
  // The producer's progress when the chunk last handed out was made.
  std::uint64_t progress() const { return current_progress_; }

 private:
  struct Chunk {
    std::vector<unsigned char> bytes;
    std::uint64_t progress = 0;
  };
  void produce();

  ChunkSource& inner_;
  std::function<std::uint64_t()> progress_of_;
  const std::size_t depth_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> ready_;
  std::vector<std::vector<unsigned char>> spare_;  // buffers handed back for reuse
  Chunk current_;
  std::uint64_t current_progress_ = 0;
  bool done_ = false;      // the producer has finished (end or error)
  bool stopping_ = false;  // the consumer went away
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace imgslim::oci
