#include "analyzers/cache/scan_codec.h"

#include <zstd.h>

#include <cstring>

namespace imgslim::analyzers {

namespace {

constexpr std::string_view kMagic = "IMGSLIMC";
constexpr std::size_t kHeaderBytes = 8 + 4 + 8;
// A scan of 4 Mi entries (IMGSLIM_MAX_LAYER_ENTRIES) with long names stays far below.
constexpr std::uint64_t kMaxPayloadBytes = 8ull << 30;

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(char(v)); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i64(std::int64_t v) { put(std::uint64_t(v), 8); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  void put(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(char((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() { return std::uint8_t(take(1)[0]); }
  std::uint32_t u32() { return std::uint32_t(get(4)); }
  std::uint64_t u64() { return get(8); }
  std::int64_t i64() { return std::int64_t(get(8)); }
  std::string_view str() {
    const std::uint64_t n = u64();
    if (n > in_.size()) throw UnusableEntry("truncated");
    return take(std::size_t(n));
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view take(std::size_t n) {
    if (n > in_.size()) throw UnusableEntry("truncated");
    auto s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  std::uint64_t get(int n) {
    auto s = take(std::size_t(n));
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= std::uint64_t(std::uint8_t(s[std::size_t(i)])) << (8 * i);
    return v;
  }
  std::string_view in_;
};

std::string payload_of(const LayerScan& scan, const oci::Digest& diff_id, const std::string& profile) {
  Writer w;
  w.str(diff_id.str());
  w.str(profile);
  w.u64(scan.stats.tar_bytes);
  w.u64(scan.stats.entries);
  w.u64(scan.stats.push_gzip_bytes);
  w.u64(scan.content_bytes);
  w.u64(scan.entry_count);
  w.str(scan.text);
  w.u64(scan.entries.size());
  for (const auto& e : scan.entries) {
    const FileRecord& r = e.record;
    w.u64(e.path_at);
    w.u32(e.path_size);
    w.u64(e.link_at);
    w.u32(e.link_size);
    w.u8(std::uint8_t(r.type));
    w.u8(std::uint8_t((r.whiteout ? 1 : 0) | (r.opaque ? 2 : 0)));
    w.u32(r.mode);
    w.i64(r.uid);
    w.i64(r.gid);
    w.i64(r.size);
    w.u64(r.content_hash);
  }
  w.u64(scan.captured.size());
  for (const auto& [index, content] : scan.captured) {
    w.u64(index);
    w.u8(content.truncated ? 1 : 0);
    w.str(content.bytes);
  }
  return std::move(w.bytes());
}

bool fits(std::uint64_t at, std::uint32_t size, std::size_t text) { return at <= text && size <= text - at; }

LayerScan scan_of(std::string_view payload, const oci::Digest& diff_id, const std::string& profile) {
  Reader r(payload);
  if (r.str() != diff_id.str() || r.str() != profile) throw UnusableEntry("holds another layer or capture profile");
  LayerScan scan;
  scan.stats.tar_bytes = r.u64();
  scan.stats.entries = r.u64();
  scan.stats.tar_digest = diff_id;  // only scans verified against it are stored
  scan.stats.push_gzip_bytes = r.u64();
  scan.content_bytes = r.u64();
  scan.entry_count = r.u64();
  scan.text = std::string(r.str());
  const std::uint64_t entries = r.u64();
  constexpr std::size_t kEntryBytes = 8 + 4 + 8 + 4 + 1 + 1 + 4 + 8 + 8 + 8 + 8;
  if (entries > payload.size() / kEntryBytes) throw UnusableEntry("truncated");
  scan.entries.resize(std::size_t(entries));
  for (auto& e : scan.entries) {
    FileRecord& rec = e.record;
    e.path_at = r.u64();
    e.path_size = r.u32();
    e.link_at = r.u64();
    e.link_size = r.u32();
    const std::uint8_t type = r.u8(), flags = r.u8();
    if (type > std::uint8_t(FileType::Other) || flags > 3) throw UnusableEntry("holds an unknown entry type");
    if (!fits(e.path_at, e.path_size, scan.text.size()) || !fits(e.link_at, e.link_size, scan.text.size()))
      throw UnusableEntry("names text it does not hold");
    rec.type = FileType(type);
    rec.whiteout = flags & 1;
    rec.opaque = flags & 2;
    rec.mode = r.u32();
    rec.uid = r.i64();
    rec.gid = r.i64();
    rec.size = r.i64();
    rec.content_hash = r.u64();
  }
  const std::uint64_t captured = r.u64();
  if (captured > scan.entries.size()) throw UnusableEntry("captures more files than it holds");
  for (std::uint64_t k = 0; k < captured; ++k) {
    const std::uint64_t index = r.u64();
    if (index >= scan.entries.size()) throw UnusableEntry("captures a file it does not hold");
    CapturedContent content;
    content.truncated = r.u8() != 0;
    content.bytes = std::string(r.str());
    scan.captured.emplace_back(std::size_t(index), std::move(content));
  }
  if (!r.done()) throw UnusableEntry("has bytes past its end");
  return scan;
}

struct CCtx {
  ZSTD_CCtx* p = ZSTD_createCCtx();
  ~CCtx() { ZSTD_freeCCtx(p); }
};

}  // namespace

std::string encode_layer_scan(const LayerScan& scan, const oci::Digest& diff_id, const std::string& profile) {
  const std::string payload = payload_of(scan, diff_id, profile);
  Writer header;
  header.bytes().append(kMagic);
  header.u32(kScanFormatVersion);
  header.u64(payload.size());
  std::string out = std::move(header.bytes());
  out.resize(kHeaderBytes + ZSTD_compressBound(payload.size()));
  CCtx ctx;
  ZSTD_CCtx_setParameter(ctx.p, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(ctx.p, ZSTD_c_checksumFlag, 1);
  const std::size_t n = ZSTD_compress2(ctx.p, out.data() + kHeaderBytes, out.size() - kHeaderBytes, payload.data(),
                                       payload.size());
  if (ZSTD_isError(n)) throw UnusableEntry(std::string("cannot compress: ") + ZSTD_getErrorName(n));
  out.resize(kHeaderBytes + n);
  return out;
}

LayerScan decode_layer_scan(std::string_view file, const oci::Digest& diff_id, const std::string& profile) {
  if (file.size() < kHeaderBytes || file.substr(0, kMagic.size()) != kMagic)
    throw UnusableEntry(file.size() < kHeaderBytes ? "truncated" : "is not an imgslim cache entry");
  Reader header(file.substr(kMagic.size(), kHeaderBytes - kMagic.size()));
  const std::uint32_t version = header.u32();
  if (version != kScanFormatVersion)
    throw UnusableEntry("was written in scan format " + std::to_string(version) + " (this imgslim reads " +
                        std::to_string(kScanFormatVersion) + ")");
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
  return scan_of(payload, diff_id, profile);
}

}  // namespace imgslim::analyzers
