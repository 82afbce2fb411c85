// Passes a blob's bytes through while hashing and counting them; at the end
// of the stream the digest and size must match the descriptor.
#pragma once
#include <cstdint>
#include <string>

#include "oci/byte_stream.h"
#include "oci/model/digest.h"

namespace imgslim::oci {

class DigestCheckingStream : public ByteStream {
 public:
  // expected_size < 0: size unknown. expected.empty() or !verify: only counts.
  DigestCheckingStream(ByteStream& inner, Digest expected, std::int64_t expected_size, std::string name,
                       bool verify);
  std::size_t read(void* buf, std::size_t n) override;
  // Reads what the consumer left unread and checks; idempotent.
  void finish();
  std::uint64_t bytes() const { return bytes_; }
  // Digest of all bytes (valid after finish()).
  const Digest& actual() const { return actual_; }

 private:
  void check();

  ByteStream& inner_;
  Digest expected_;
  std::int64_t expected_size_;
  std::string name_;
  bool verify_;
  Hasher hasher_;
  std::uint64_t bytes_ = 0;
  bool finished_ = false;
  Digest actual_;
};

}  // namespace imgslim::oci
