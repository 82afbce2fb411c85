#include "oci/layers/chunk_source.h"
#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci {

BlobChunks::BlobChunks(ByteStream& blob, std::string name, std::optional<Digest> expected_digest,
                       std::int64_t expected_size)
    : blob_(blob), name_(std::move(name)), expected_(std::move(expected_digest)), expected_size_(expected_size),
      buf_(limits::kReadBufferBytes) {
  if (expected_) hasher_.emplace(expected_->algorithm);
}

void BlobChunks::fill() {
  filled_ = 0;
  while (filled_ < buf_.size()) {  // a full buffer, or up to the end
    const std::size_t r = blob_.read(buf_.data() + filled_, buf_.size() - filled_);
    if (r == 0) {
      eof_ = true;
      break;
    }
    filled_ += r;
  }
  bytes_ += filled_;
  if (hasher_) hasher_->update(buf_.data(), filled_);
  if (expected_size_ >= 0 && bytes_ > std::uint64_t(expected_size_))
    throw Error(name_, "blob is larger than the " + std::to_string(expected_size_) + " bytes its descriptor says");
  if (eof_) at_end();
}

void BlobChunks::at_end() {
  if (expected_size_ >= 0 && bytes_ != std::uint64_t(expected_size_))
    throw Error(name_, "blob has " + std::to_string(bytes_) + " bytes, its descriptor says " +
                           std::to_string(expected_size_));
  if (hasher_) {
    const Digest actual = hasher_->finish();
    hasher_.reset();
    if (actual != *expected_) throw Error(name_, "digest mismatch: the blob hashes to " + actual.str());
  }
}

std::size_t BlobChunks::peek(const unsigned char*& data) {
  if (!pending_ && !eof_) {
    fill();
    pending_ = true;
  }
  data = buf_.data();
  return pending_ ? filled_ : 0;
}

bool BlobChunks::next(const unsigned char*& data, std::size_t& n) {
  if (!pending_) {
    if (eof_) return false;
    fill();
  }
  pending_ = false;
  if (filled_ == 0) return false;
  data = buf_.data();
  n = filled_;
  return true;
}

}  // namespace imgslim::oci
