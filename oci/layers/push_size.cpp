#include "oci/layers/push_size.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "support/error.h"

namespace imgslim::oci {

namespace {

// gzip's fixed 10-byte header (no name, no extra) and its CRC32/size trailer.
constexpr std::uint64_t kGzipFraming = 10 + 8;
// An empty deflate stream: one final fixed-Huffman block with no symbols.
constexpr std::uint64_t kEmptyDeflate = 2;

struct Deflater {
  z_stream z{};
  std::vector<unsigned char> out;
  Deflater() {
    if (deflateInit2(&z, PushSizeCounter::kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw Error("gzip", "cannot start a deflate stream");
    out.resize(deflateBound(&z, PushSizeCounter::kBlockBytes));
  }
  ~Deflater() { deflateEnd(&z); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // Deflated size of `data` after `dictionary`, ended as a complete stream.
  std::uint64_t size(const std::vector<unsigned char>& dictionary, const std::vector<unsigned char>& data) {
    deflateReset(&z);
    if (!dictionary.empty() && deflateSetDictionary(&z, dictionary.data(), uInt(dictionary.size())) != Z_OK)
      throw Error("gzip", "cannot prime a deflate block");
    z.next_in = const_cast<unsigned char*>(data.data());
    z.avail_in = uInt(data.size());
    std::uint64_t produced = 0;
    int ret = Z_OK;
    while (ret != Z_STREAM_END) {
      z.next_out = out.data();
      z.avail_out = uInt(out.size());
      ret = deflate(&z, Z_FINISH);
      const std::size_t made = out.size() - z.avail_out;
      if ((ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) || (ret == Z_BUF_ERROR && made == 0))
        throw Error("gzip", "deflate failed");
      produced += made;
    }
    return produced;
  }
};

}  // namespace

PushSizeCounter::PushSizeCounter(unsigned threads) : max_queued_(2 * std::max(1u, threads)) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) workers_.emplace_back([this] { work(); });
}

PushSizeCounter::~PushSizeCounter() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  ready_.notify_all();
  room_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
}

void PushSizeCounter::add(const unsigned char* data, std::size_t n) {
  while (n > 0) {
    if (!current_) {
      current_ = std::make_unique<Block>();
      current_->dictionary = window_;
      current_->data.reserve(kBlockBytes);
    }
    const std::size_t take = std::min(n, kBlockBytes - current_->data.size());
    current_->data.insert(current_->data.end(), data, data + take);
    data += take;
    n -= take;
    if (current_->data.size() == kBlockBytes) submit();
  }
}

void PushSizeCounter::submit() {
  const auto& d = current_->data;
  window_.assign(d.end() - std::ptrdiff_t(std::min(d.size(), kWindowBytes)), d.end());
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return queue_.size() < max_queued_ || error_; });
  if (error_) std::rethrow_exception(error_);
  queue_.push_back(std::move(current_));
  lock.unlock();
  ready_.notify_one();
}

void PushSizeCounter::work() {
  try {
    Deflater deflater;
    while (true) {
      std::unique_ptr<Block> block;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;
        block = std::move(queue_.front());
        queue_.pop_front();
      }
      room_.notify_one();
      const std::uint64_t n = deflater.size(block->dictionary, block->data);
      std::lock_guard lock(mutex_);
      deflated_ += n;
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
    room_.notify_all();
  }
}

std::uint64_t PushSizeCounter::finish() {
  if (current_ && !current_->data.empty()) submit();
  current_.reset();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  ready_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  if (error_) std::rethrow_exception(error_);
  const bool empty = deflated_ == 0;
  return kGzipFraming + (empty ? kEmptyDeflate : deflated_);
}

}  // namespace imgslim::oci
