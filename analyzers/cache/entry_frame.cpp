#include "analyzers/cache/entry_frame.h"

#include <zstd.h>

#include <cstring>

namespace imgslim::analyzers {

namespace {

constexpr std::size_t kMagicBytes = 8;
constexpr std::size_t kHeaderBytes = kMagicBytes + 4 + 8;
// A scan of 4 Mi entries (IMGSLIM_MAX_LAYER_ENTRIES) with long names stays far below.
constexpr std::uint64_t kMaxPayloadBytes = 8ull << 30;

struct CompressContext {
  ZSTD_CCtx* p = ZSTD_createCCtx();
  ~CompressContext() { ZSTD_freeCCtx(p); }
};

}  // namespace

void EntryWriter::f64(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  u64(bits);
}

double EntryReader::f64() {
  const std::uint64_t bits = u64();
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

std::string_view EntryReader::take(std::size_t n) {
  if (n > in_.size()) throw UnusableEntry("truncated");
  auto s = in_.substr(0, n);
  in_.remove_prefix(n);
  return s;
}

std::uint64_t EntryReader::get(int n) {
  auto s = take(std::size_t(n));
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint64_t(std::uint8_t(s[std::size_t(i)])) << (8 * i);
  return v;
}

std::string seal_entry(std::string_view magic, std::uint32_t version, const std::string& payload) {
  EntryWriter header;
  header.bytes().append(magic.substr(0, kMagicBytes));
  header.u32(version);
  header.u64(payload.size());
  std::string out = std::move(header.bytes());
  out.resize(kHeaderBytes + ZSTD_compressBound(payload.size()));
  CompressContext ctx;
  ZSTD_CCtx_setParameter(ctx.p, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(ctx.p, ZSTD_c_checksumFlag, 1);
  const std::size_t n = ZSTD_compress2(ctx.p, out.data() + kHeaderBytes, out.size() - kHeaderBytes, payload.data(),
                                       payload.size());
  if (ZSTD_isError(n)) throw UnusableEntry(std::string("cannot compress: ") + ZSTD_getErrorName(n));
  out.resize(kHeaderBytes + n);
  return out;
}

std::string open_entry(std::string_view file, std::string_view magic, std::uint32_t version, std::string_view format) {
  if (file.size() < kHeaderBytes || file.substr(0, kMagicBytes) != magic.substr(0, kMagicBytes))
    throw UnusableEntry(file.size() < kHeaderBytes ? "truncated" : "is not an imgslim cache entry of this kind");
  EntryReader header(file.substr(kMagicBytes, kHeaderBytes - kMagicBytes));
  const std::uint32_t found = header.u32();
  if (found != version)
    throw UnusableEntry("was written in " + std::string(format) + " " + std::to_string(found) + " (this imgslim reads " +
                        std::to_string(version) + ")");
  const std::uint64_t size = header.u64();
  const std::string_view frame = file.substr(kHeaderBytes);
  const unsigned long long content = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN || content != size ||
      size > kMaxPayloadBytes)
    throw UnusableEntry("truncated or corrupt (its compressed payload does not match its header)");
  std::string payload(std::size_t(size), '\0');
  const std::size_t n = ZSTD_decompress(payload.data(), payload.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) throw UnusableEntry(std::string("truncated or corrupt: ") + ZSTD_getErrorName(n));
  if (n != size) throw UnusableEntry("truncated");
  return payload;
}

}  // namespace imgslim::analyzers
