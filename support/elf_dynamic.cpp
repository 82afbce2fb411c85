#include "support/elf_dynamic.h"

#include <cstdint>

#include "support/error.h"

namespace imgslim {

namespace {

constexpr std::uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3;
constexpr std::uint64_t kDtNull = 0, kDtNeeded = 1, kDtStrtab = 5;

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& name, bool wide, bool big)
      : bytes_(bytes), name_(name), wide_(wide), big_(big) {}

  std::uint64_t uint(std::uint64_t at, int size) const {
    check(at, static_cast<std::uint64_t>(size));
    std::uint64_t v = 0;
    for (int i = 0; i < size; ++i) {
      const auto byte = static_cast<unsigned char>(bytes_[at + static_cast<std::uint64_t>(big_ ? i : size - 1 - i)]);
      v = (v << 8) | byte;
    }
    return v;
  }
  std::uint64_t word(std::uint64_t at) const { return uint(at, wide_ ? 8 : 4); }  // Elf_Addr, Elf_Off, Elf_Xword
  std::string string_at(std::uint64_t at) const {
    check(at, 1);
    const auto end = bytes_.find('\0', at);
    if (end == std::string_view::npos) fail("a string runs past the end of the file");
    return std::string(bytes_.substr(at, end - at));
  }
  void check(std::uint64_t at, std::uint64_t size) const {
    if (at > bytes_.size() || size > bytes_.size() - at) fail("a header points outside the file");
  }
  [[noreturn]] void fail(const std::string& problem) const { throw Error(name_, "ELF: " + problem); }
  bool wide() const { return wide_; }

 private:
  std::string_view bytes_;
  const std::string& name_;
  bool wide_, big_;
};

struct Segment {
  std::uint32_t type = 0;
  std::uint64_t offset = 0, vaddr = 0, filesz = 0;
};

}  // namespace

ElfDynamic read_elf_dynamic(std::string_view bytes, const std::string& name) {
  ElfDynamic out;
  if (bytes.size() < 16 || bytes.substr(0, 4) != std::string_view("\x7f" "ELF", 4)) return out;
  out.elf = true;
  const auto cls = static_cast<unsigned char>(bytes[4]), order = static_cast<unsigned char>(bytes[5]);
  if ((cls != 1 && cls != 2) || (order != 1 && order != 2)) throw Error(name, "ELF: unknown class or byte order");
  const Reader r(bytes, name, cls == 2, order == 2);
  const bool w = r.wide();
  const std::uint64_t phoff = r.word(w ? 32 : 28);
  const std::uint64_t phentsize = r.uint(w ? 54 : 42, 2), phnum = r.uint(w ? 56 : 44, 2);
  if (phnum > 0 && phentsize < (w ? 56u : 32u)) r.fail("program header entries are too small");
  std::vector<Segment> segments;
  for (std::uint64_t i = 0; i < phnum; ++i) {
    const std::uint64_t at = phoff + i * phentsize;
    Segment s;
    s.type = static_cast<std::uint32_t>(r.uint(at, 4));
    s.offset = w ? r.word(at + 8) : r.word(at + 4);
    s.vaddr = w ? r.word(at + 16) : r.word(at + 8);
    s.filesz = w ? r.word(at + 32) : r.word(at + 16);
    segments.push_back(s);
  }
  const Segment* dynamic = nullptr;
  for (const auto& s : segments) {
    if (s.type == kPtInterp) out.interpreter = r.string_at(s.offset);
    if (s.type == kPtDynamic) dynamic = &s;
  }
  if (!dynamic) return out;
  // The dynamic section: (tag, value) pairs up to DT_NULL.
  const std::uint64_t entry = w ? 16 : 8;
  r.check(dynamic->offset, dynamic->filesz);
  std::vector<std::uint64_t> needed;
  std::uint64_t strtab = 0;
  bool has_strtab = false;
  for (std::uint64_t at = dynamic->offset; at + entry <= dynamic->offset + dynamic->filesz; at += entry) {
    const std::uint64_t tag = r.word(at), value = r.word(at + entry / 2);
    if (tag == kDtNull) break;
    if (tag == kDtNeeded) needed.push_back(value);
    if (tag == kDtStrtab) {
      strtab = value;
      has_strtab = true;
    }
  }
  if (needed.empty()) return out;
  if (!has_strtab) r.fail("DT_NEEDED without a string table");
  // DT_STRTAB is an address: the PT_LOAD segment holding it gives its offset.
  std::uint64_t strtab_offset = 0;
  bool mapped = false;
  for (const auto& s : segments)
    if (s.type == kPtLoad && strtab >= s.vaddr && strtab - s.vaddr < s.filesz) {
      strtab_offset = s.offset + (strtab - s.vaddr);
      mapped = true;
      break;
    }
  if (!mapped) r.fail("the string table is in no loaded segment");
  for (auto n : needed) {
    if (n > UINT64_MAX - strtab_offset) r.fail("a DT_NEEDED offset overflows");
    out.needed.push_back(r.string_at(strtab_offset + n));
  }
  return out;
}

}  // namespace imgslim
