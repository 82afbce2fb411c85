#include "analyzers/cache/dive_codec.h"

#include "analyzers/cache/scan_codec.h"

namespace imgslim::analyzers {

namespace {

constexpr std::string_view kDiveMagic = "IMGSLIMD";

}  // namespace

std::string encode_dive_metrics(const DiveMetrics& m, const std::string& chain_key) {
  EntryWriter w;
  w.str(chain_key);
  w.u32(kScanFormatVersion);
  w.f64(m.efficiency);
  w.u64(m.wasted_bytes);
  w.u64(m.image_bytes);
  w.u64(m.user_bytes);
  w.f64(m.user_wasted_percent);
  w.u64(m.inefficiencies.size());
  for (const auto& i : m.inefficiencies) {
    w.str(i.path);
    w.u64(i.count);
    w.i64(i.cum_bytes);
  }
  return seal_entry(kDiveMagic, kDiveFormatVersion, w.bytes());
}

DiveMetrics decode_dive_metrics(std::string_view file, const std::string& chain_key) {
  const std::string payload = open_entry(file, kDiveMagic, kDiveFormatVersion, "dive metrics format");
  EntryReader r(payload);
  if (r.str() != chain_key) throw UnusableEntry("holds another layer chain");
  const std::uint32_t scan_format = r.u32();
  if (scan_format != kScanFormatVersion)
    throw UnusableEntry("was computed from scan format " + std::to_string(scan_format) + " (this imgslim reads " +
                        std::to_string(kScanFormatVersion) + ")");
  DiveMetrics m;
  m.efficiency = r.f64();
  m.wasted_bytes = r.u64();
  m.image_bytes = r.u64();
  m.user_bytes = r.u64();
  m.user_wasted_percent = r.f64();
  const std::uint64_t count = r.u64();
  constexpr std::size_t kInefficiencyBytes = 8 + 8 + 8;
  if (count > r.left() / kInefficiencyBytes) throw UnusableEntry("truncated");
  m.inefficiencies.reserve(std::size_t(count));
  for (std::uint64_t k = 0; k < count; ++k) {
    DiveInefficiency i;
    i.path = std::string(r.str());
    i.count = r.u64();
    i.cum_bytes = r.i64();
    m.inefficiencies.push_back(std::move(i));
  }
  if (!r.done()) throw UnusableEntry("has bytes past its end");
  return m;
}

}  // namespace imgslim::analyzers
