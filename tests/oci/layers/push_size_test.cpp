// PushSizeCounter: the block-parallel count equals a single zlib level-6 gzip
// stream of the same bytes (the reference computed here with zlib directly)
// within 0.5 % and a few hundred bytes per MiB block, however the bytes
// arrive. (Block boundaries change deflate's match choices either way: on
// the sanitizer build's much larger binary the blocks came out 0.08 % smaller.)
#include <doctest/doctest.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "oci/layers/push_size.h"

using imgslim::oci::PushSizeCounter;

namespace {

std::uint64_t zlib_gzip_size(const std::vector<unsigned char>& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::vector<unsigned char> out(deflateBound(&z, data.size()));
  z.next_in = const_cast<unsigned char*>(data.data());
  z.avail_in = uInt(data.size());
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  const std::uint64_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

std::uint64_t counted(const std::vector<unsigned char>& data, std::size_t piece, unsigned threads) {
  PushSizeCounter c(threads);
  for (std::size_t at = 0; at < data.size(); at += piece) c.add(data.data() + at, std::min(piece, data.size() - at));
  return c.finish();
}

}  // namespace

TEST_CASE("push size: block-parallel gzip size matches one zlib stream") {
  // Real bytes: the imgslim binary (machine code, tables, strings).
  std::ifstream in(IMGSLIM_BINARY, std::ios::binary);
  std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(data.size() > 3 * PushSizeCounter::kBlockBytes);
  const std::uint64_t reference = zlib_gzip_size(data);
  const std::uint64_t blocks = data.size() / PushSizeCounter::kBlockBytes + 1;
  for (std::size_t piece : {std::size_t(1) << 20, std::size_t(65536), std::size_t(4097)}) {
    for (unsigned threads : {1u, 3u}) {
      const std::uint64_t n = counted(data, piece, threads);
      INFO("piece " << piece << ", threads " << threads << ": " << n << " vs " << reference);
      CHECK(n >= reference - reference / 200 - 64 * blocks);
      CHECK(n <= reference + reference / 200 + 512 * blocks);
    }
  }
  // Tiny and empty streams: exactly zlib's size (one block, no priming).
  const std::vector<unsigned char> hello = {'h', 'e', 'l', 'l', 'o', '\n'};
  CHECK(counted(hello, 6, 2) == zlib_gzip_size(hello));
  CHECK(counted({}, 1, 1) == zlib_gzip_size({}));
  CHECK(zlib_gzip_size({}) == 20);
}
