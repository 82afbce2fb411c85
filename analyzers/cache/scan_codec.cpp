#include "analyzers/cache/scan_codec.h"

namespace imgslim::analyzers {

namespace {

constexpr std::string_view kScanMagic = "IMGSLIMC";

std::string payload_of(const LayerScan& scan, const oci::Digest& diff_id, const std::string& profile) {
  EntryWriter w;
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
  EntryReader r(payload);
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

}  // namespace

std::string encode_layer_scan(const LayerScan& scan, const oci::Digest& diff_id, const std::string& profile) {
  return seal_entry(kScanMagic, kScanFormatVersion, payload_of(scan, diff_id, profile));
}

LayerScan decode_layer_scan(std::string_view file, const oci::Digest& diff_id, const std::string& profile) {
  return scan_of(open_entry(file, kScanMagic, kScanFormatVersion, "scan format"), diff_id, profile);
}

}  // namespace imgslim::analyzers
