// gzip inflate with isa-l (igzip): header, deflate and CRC/size trailer, and
// any number of concatenated members (multi-member gzip, eStargz).
#include <isa-l/igzip_lib.h>

#include "oci/layers/chunk_source.h"
#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

const char* isal_problem(int ret) {
  switch (ret) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid deflate distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported gzip compression method";
    case ISAL_INCORRECT_CHECKSUM: return "gzip CRC mismatch";
    case ISAL_NEED_DICT: return "deflate stream needs a preset dictionary";
    default: return "gzip decompression failed";
  }
}

class GzipChunks final : public ChunkSource {
 public:
  GzipChunks(ChunkSource& in, std::string name) : in_(in), name_(std::move(name)), out_(limits::kReadBufferBytes) {
    state_ = std::make_unique<inflate_state>();
    start_member();
  }

  bool next(const unsigned char*& data, std::size_t& n) override {
    if (done_) return false;
    std::size_t produced = 0;
    while (produced < out_.size()) {
      if (state_->avail_in == 0 && !in_eof_) pull();
      if (member_done_) {
        if (state_->avail_in == 0) {
          if (in_eof_) {
            done_ = true;
            break;
          }
          continue;
        }
        if (state_->next_in[0] != 0x1f)
          throw Error(name_, "corrupt gzip stream: unexpected data after gzip member " + std::to_string(members_));
        start_member();
      }
      state_->next_out = out_.data() + produced;
      state_->avail_out = std::uint32_t(out_.size() - produced);
      const int ret = isal_inflate(state_.get());
      if (ret < 0) throw Error(name_, std::string("corrupt gzip stream: ") + isal_problem(ret));
      const std::size_t made = out_.size() - produced - state_->avail_out;
      produced += made;
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        member_done_ = true;
        ++members_;
      } else if (state_->avail_in == 0 && in_eof_ && made == 0) {
        throw Error(name_, "truncated gzip stream (it ends inside member " + std::to_string(members_ + 1) + ")");
      }
      if (produced > 0 && state_->avail_in == 0 && !member_done_) break;  // hand out what we have
    }
    if (produced == 0) return false;
    data = out_.data();
    n = produced;
    return true;
  }

 private:
  // (Re)starts the inflater at the current input position.
  void start_member() {
    unsigned char* next_in = state_->next_in;
    const std::uint32_t avail_in = state_->avail_in;
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
    state_->next_in = next_in;
    state_->avail_in = avail_in;
    member_done_ = false;
  }

  void pull() {
    const unsigned char* data = nullptr;
    std::size_t n = 0;
    if (!in_.next(data, n)) {
      in_eof_ = true;
      return;
    }
    state_->next_in = const_cast<unsigned char*>(data);
    state_->avail_in = std::uint32_t(n);
  }

  ChunkSource& in_;
  std::string name_;
  std::vector<unsigned char> out_;
  std::unique_ptr<inflate_state> state_;
  bool in_eof_ = false;
  bool member_done_ = false;
  bool done_ = false;
  std::uint64_t members_ = 0;
};

}  // namespace

std::unique_ptr<ChunkSource> gzip_chunks(ChunkSource& in, std::string name) {
  return std::make_unique<GzipChunks>(in, std::move(name));
}

}  // namespace imgslim::oci
