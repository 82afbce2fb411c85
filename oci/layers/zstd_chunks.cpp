// zstd streaming decompression (any number of frames, skippable frames).
#include <zstd.h>

#include "oci/layers/chunk_source.h"
#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

class ZstdChunks final : public ChunkSource {
 public:
  ZstdChunks(ChunkSource& in, std::string name)
      : in_(in), name_(std::move(name)), out_(limits::kReadBufferBytes), ctx_(ZSTD_createDCtx()) {
    // The default window limit (2^27 bytes) bounds memory per decoder.
    if (!ctx_) throw Error(name_, "cannot allocate a zstd decoder");
  }
  ~ZstdChunks() override { ZSTD_freeDCtx(ctx_); }

  bool next(const unsigned char*& data, std::size_t& n) override {
    if (done_) return false;
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    while (out.pos < out.size) {
      if (src_.pos == src_.size && !in_eof_) pull();
      const std::size_t before = out.pos, consumed = src_.pos;
      const std::size_t ret = ZSTD_decompressStream(ctx_, &out, &src_);
      if (ZSTD_isError(ret)) throw Error(name_, std::string("corrupt zstd stream: ") + ZSTD_getErrorName(ret));
      // 0: a frame just ended. A call without progress only hints at the
      // next frame's header size, so it says nothing about truncation.
      if (out.pos != before || src_.pos != consumed) frame_open_ = ret != 0;
      if (in_eof_ && src_.pos == src_.size && out.pos == before) {
        if (frame_open_) throw Error(name_, "truncated zstd stream (it ends inside a frame)");
        done_ = true;
        break;
      }
      if (out.pos > 0 && src_.pos == src_.size && !in_eof_) break;  // hand out what we have
    }
    if (out.pos == 0) return false;
    data = out_.data();
    n = out.pos;
    return true;
  }

 private:
  void pull() {
    const unsigned char* data = nullptr;
    std::size_t n = 0;
    if (!in_.next(data, n)) {
      in_eof_ = true;
      src_ = ZSTD_inBuffer{nullptr, 0, 0};
      return;
    }
    src_ = ZSTD_inBuffer{data, n, 0};
  }

  ChunkSource& in_;
  std::string name_;
  std::vector<unsigned char> out_;
  ZSTD_DCtx* ctx_;
  ZSTD_inBuffer src_{nullptr, 0, 0};
  bool in_eof_ = false;
  bool frame_open_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ChunkSource> zstd_chunks(ChunkSource& in, std::string name) {
  return std::make_unique<ZstdChunks>(in, std::move(name));
}

}  // namespace imgslim::oci
