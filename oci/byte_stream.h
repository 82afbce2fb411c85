// A pull-based stream of bytes: blobs, decompressed layers, HTTP bodies.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace imgslim::oci {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to n bytes into buf; returns 0 only at end of stream.
  // Throws imgslim::Error (naming the input) on failure.
  virtual std::size_t read(void* buf, std::size_t n) = 0;
};

using ByteStreamPtr = std::unique_ptr<ByteStream>;

}  // namespace imgslim::oci
