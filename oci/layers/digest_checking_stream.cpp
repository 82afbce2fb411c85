#include "oci/layers/digest_checking_stream.h"

#include <vector>

#include "support/error.h"

namespace imgslim::oci {

DigestCheckingStream::DigestCheckingStream(ByteStream& inner, Digest expected, std::int64_t expected_size,
                                           std::string name, bool verify)
    : inner_(inner),
      expected_(std::move(expected)),
      expected_size_(expected_size),
      name_(std::move(name)),
      verify_(verify),
      hasher_(expected_.empty() ? "sha256" : expected_.algorithm) {}

std::size_t DigestCheckingStream::read(void* buf, std::size_t n) {
  if (finished_) return 0;
  std::size_t got = inner_.read(buf, n);
  if (got == 0) {
    check();
    return 0;
  }
  hasher_.update(buf, got);
  bytes_ += got;
  if (verify_ && expected_size_ >= 0 && bytes_ > static_cast<std::uint64_t>(expected_size_))
    throw Error(name_, "blob is larger than its descriptor's size " + std::to_string(expected_size_));
  return got;
}

void DigestCheckingStream::finish() {
  if (finished_) return;
  std::vector<char> buf(256 * 1024);
  while (read(buf.data(), buf.size()) > 0) {
  }
}

void DigestCheckingStream::check() {
  finished_ = true;
  actual_ = hasher_.finish();
  if (!verify_) return;
  if (expected_size_ >= 0 && bytes_ != static_cast<std::uint64_t>(expected_size_))
    throw Error(name_, "blob is truncated: " + std::to_string(bytes_) + " of " + std::to_string(expected_size_) +
                           " bytes");
  if (!expected_.empty() && actual_ != expected_)
    throw Error(name_, "digest mismatch: the blob's content hashes to " + actual_.str());
}

}  // namespace imgslim::oci
