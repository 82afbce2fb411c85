// The size of the gzip blob a push would produce for a layer stored
// uncompressed (engine export, `docker save`): the Docker engine compresses
// such layers on push with Go's compress/gzip at its default level, 6
// (moby distribution/push_v2.go: gzip.NewWriter). zlib at level 6 runs the
// same lazy-matching deflate with the same parameters (good 8, lazy 16,
// nice 128, chain 128); measured against the blobs `docker push` wrote to a
// registry it is within 3 % per layer (docs/analyze-json.md has the figures).
// isa-l's igzip, whose best level is 11 % larger here, is not close enough.
//
// The tar bytes are compressed as they stream past (no second read), in
// 1 MiB blocks on background threads, each block primed with the 32 KiB
// before it (as pigz does), so a layer costs its CPU time spread over the
// cores and the reading thread is not held up.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace imgslim::oci {

class PushSizeCounter {
 public:
  // `threads`: background compressors (at least 1).
  explicit PushSizeCounter(unsigned threads);
  ~PushSizeCounter();
  PushSizeCounter(const PushSizeCounter&) = delete;
  PushSizeCounter& operator=(const PushSizeCounter&) = delete;

  // The next bytes of the uncompressed tar stream.
  void add(const unsigned char* data, std::size_t n);
  // The gzip size of everything added (header and trailer included).
  // Call once, after the last add().
  std::uint64_t finish();

  static constexpr std::size_t kBlockBytes = 1u << 20;
  static constexpr std::size_t kWindowBytes = 32u << 10;
  static constexpr int kLevel = 6;

 private:
  struct Block {
    std::vector<unsigned char> dictionary;  // the 32 KiB before `data`
    std::vector<unsigned char> data;
  };
  void submit();
  void work();

  std::unique_ptr<Block> current_;
  std::vector<unsigned char> window_;  // tail of the previous block
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::unique_ptr<Block>> queue_;
  std::size_t max_queued_;
  bool closing_ = false;
  std::uint64_t deflated_ = 0;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace imgslim::oci
