// Internal stages of the layer pipeline (blob -> inflate -> tar). Each stage
// hands out whole buffers (up to limits::kReadBufferBytes), so the cost of
// the indirection is paid once per chunk, never per byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "oci/byte_stream.h"
#include "oci/layers/compression.h"
#include "oci/model/digest.h"

namespace imgslim::oci {

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // The next chunk (valid until the next call); false at the end.
  virtual bool next(const unsigned char*& data, std::size_t& n) = 0;
};

// The stored blob: read in big chunks, counted, and (when expected values
// are given) checked against the descriptor's size and digest at its end.
class BlobChunks final : public ChunkSource {
 public:
  BlobChunks(ByteStream& blob, std::string name, std::optional<Digest> expected_digest,
             std::int64_t expected_size);
  // The first bytes, without consuming them (for the magic numbers).
  std::size_t peek(const unsigned char*& data);
  bool next(const unsigned char*& data, std::size_t& n) override;
  std::uint64_t bytes() const { return bytes_; }

 private:
  void fill();
  void at_end();
  ByteStream& blob_;
  std::string name_;
  std::optional<Digest> expected_;
  std::optional<Hasher> hasher_;
  std::int64_t expected_size_;
  std::vector<unsigned char> buf_;
  std::size_t filled_ = 0;
  bool pending_ = false;  // buf_ holds a peeked chunk not yet handed out
  bool eof_ = false;
  std::uint64_t bytes_ = 0;
};

// Streaming decompressors over a ChunkSource. Errors (corrupt or truncated
// data) name `name`.
std::unique_ptr<ChunkSource> gzip_chunks(ChunkSource& in, std::string name);
std::unique_ptr<ChunkSource> zstd_chunks(ChunkSource& in, std::string name);

}  // namespace imgslim::oci
