// The frame every layer-cache entry file shares: a fixed header (an 8-byte
// magic naming the entry kind, its format version, the payload size) and the
// payload as one zstd frame with its content checksum; plus the little-endian
// writer and bounds-checked reader the payloads are made with.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace imgslim::analyzers {

// Why an entry cannot be used ("truncated", "written by format 3 ...").
struct UnusableEntry : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class EntryWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(char(v)); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i64(std::int64_t v) { put(std::uint64_t(v), 8); }
  void f64(double v);  // its IEEE-754 bits
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

// Every read past the end throws UnusableEntry("truncated").
class EntryReader {
 public:
  explicit EntryReader(std::string_view in) : in_(in) {}
  std::uint8_t u8() { return std::uint8_t(take(1)[0]); }
  std::uint32_t u32() { return std::uint32_t(get(4)); }
  std::uint64_t u64() { return get(8); }
  std::int64_t i64() { return std::int64_t(get(8)); }
  double f64();
  std::string_view str() {
    const std::uint64_t n = u64();
    if (n > in_.size()) throw UnusableEntry("truncated");
    return take(std::size_t(n));
  }
  bool done() const { return in_.empty(); }
  std::size_t left() const { return in_.size(); }

 private:
  std::string_view take(std::size_t n);
  std::uint64_t get(int n);
  std::string_view in_;
};

// `magic` is exactly 8 bytes.
std::string seal_entry(std::string_view magic, std::uint32_t version, const std::string& payload);

// The payload of a sealed entry; throws UnusableEntry when the file is not a
// complete, intact entry of this kind and version (`format` names the
// version's kind in the message: "scan format").
std::string open_entry(std::string_view file, std::string_view magic, std::uint32_t version, std::string_view format);

}  // namespace imgslim::analyzers
