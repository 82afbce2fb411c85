// FileSet over an uncompressed tar archive: the headers are read once (one
// pass over the headers only, data is seeked over) and members are then read
// in place by offset. Understands ustar, GNU (long names, base-256 sizes)
// and PAX (path, linkpath, size) headers; later members replace earlier ones
// of the same path, as when extracting.
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "oci/archive/file_set.h"
#include "oci/layers/file_stream.h"
#include "oci/model/limits.h"
#include "oci/layers/path_clean.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

constexpr std::uint64_t kBlock = 512;

struct Member {
  char type = '0';  // '0' file, '1' hardlink, '2' symlink, '5' directory, other
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::string link;
};

std::uint64_t round_up(std::uint64_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

std::string field(const unsigned char* h, std::size_t off, std::size_t len) {
  const char* p = reinterpret_cast<const char*>(h + off);
  return std::string(p, strnlen(p, len));
}

bool parse_number(const unsigned char* h, std::size_t off, std::size_t len, std::uint64_t& out) {
  const unsigned char* p = h + off;
  if (p[0] & 0x80) {  // GNU base-256
    std::uint64_t v = p[0] & 0x3f;
    for (std::size_t i = 1; i < len; ++i) {
      if (v >> 55) return false;
      v = (v << 8) | p[i];
    }
    out = v;
    return true;
  }
  std::uint64_t v = 0;
  std::size_t i = 0;
  while (i < len && (p[i] == ' ' || p[i] == 0)) ++i;
  bool any = false;
  for (; i < len && p[i] >= '0' && p[i] <= '7'; ++i) {
    if (v >> 60) return false;
    v = v * 8 + (p[i] - '0');
    any = true;
  }
  for (; i < len; ++i)
    if (p[i] != ' ' && p[i] != 0) return false;
  out = any ? v : 0;
  return true;
}

bool checksum_ok(const unsigned char* h) {
  std::uint64_t stored = 0;
  if (!parse_number(h, 148, 8, stored)) return false;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return sum == stored;
}

bool all_zero(const unsigned char* h) {
  return std::all_of(h, h + kBlock, [](unsigned char c) { return c == 0; });
}

// PAX records "LEN key=value\n".
void apply_pax(const std::string& data, std::string& path, std::string& link, std::uint64_t& size, bool& has_size,
               const std::string& where) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    const auto space = data.find(' ', pos);
    if (space == std::string::npos) break;
    std::size_t len = 0;
    for (std::size_t i = pos; i < space; ++i) {
      if (data[i] < '0' || data[i] > '9') throw Error(where, "corrupt PAX header");
      len = len * 10 + std::size_t(data[i] - '0');
      if (len > data.size()) throw Error(where, "corrupt PAX header");
    }
    if (len == 0 || pos + len > data.size() || data[pos + len - 1] != '\n') throw Error(where, "corrupt PAX header");
    const std::string record = data.substr(space + 1, pos + len - 1 - space - 1);
    pos += len;
    const auto eq = record.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = record.substr(0, eq), value = record.substr(eq + 1);
    if (key == "path") path = value;
    else if (key == "linkpath") link = value;
    else if (key == "size") {
      std::uint64_t v = 0;
      for (char c : value) {
        if (c < '0' || c > '9' || (v >> 59)) throw Error(where, "corrupt PAX size");
        v = v * 10 + std::uint64_t(c - '0');
      }
      size = v;
      has_size = true;
    }
  }
}

class ArchiveFiles final : public FileSet {
 public:
  explicit ArchiveFiles(const std::string& path) : file_(std::make_shared<ReadOnlyFile>(path)) {
    if (file_->is_directory()) throw Error(path, "is a directory, not an archive");
    index();
  }

  const std::string& name() const override { return file_->path(); }

  std::optional<std::uint64_t> size_of(const std::string& path) const override {
    const Member* m = resolve(path);
    if (!m) return std::nullopt;
    return m->size;
  }

  ByteStreamPtr open(const std::string& path) const override {
    const Member* m = resolve(path);
    if (!m) throw Error(name(), "missing " + path);
    return open_file_range(file_, m->offset, m->size, name() + ": " + path);
  }

 private:
  const Member* resolve(const std::string& path) const {
    std::string current = clean_path(path);
    for (int hop = 0; hop <= limits::kMaxArchiveLinkHops; ++hop) {
      auto it = members_.find(current);
      if (it == members_.end()) return nullptr;
      const Member& m = it->second;
      if (m.type == '0') return &m;
      if (m.type == '1') current = clean_path(m.link);
      else if (m.type == '2')
        current = m.link.starts_with('/') ? clean_path(m.link)
                                          : clean_path(std::string(parent_path(current)) + "/" + m.link);
      else return nullptr;
    }
    return nullptr;
  }

  void index() {
    const std::string& where = file_->path();
    unsigned char h[kBlock];
    std::uint64_t offset = 0;
    std::string long_name, long_link;
    std::string pax_path, pax_link;
    std::uint64_t pax_size = 0;
    bool has_pax_size = false;
    bool any = false;
    while (true) {
      const std::size_t got = file_->read_at(h, kBlock, offset);
      if (got == 0 && any) break;  // no end-of-archive blocks: accepted, as Go's archive/tar does
      if (got < kBlock) {
        if (offset == 0 && got >= 2 && h[0] == 0x1f && h[1] == 0x8b)
          throw Error(where, "is gzip-compressed; decompress it first (gunzip -k)");
        if (offset == 0 && got >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd)
          throw Error(where, "is zstd-compressed; decompress it first (unzstd)");
        throw Error(where, offset == 0 ? "not a tar archive (too short)" : "truncated archive");
      }
      if (all_zero(h)) break;
      if (!checksum_ok(h)) {
        if (offset == 0 && h[0] == 0x1f && h[1] == 0x8b)
          throw Error(where, "is gzip-compressed; decompress it first (gunzip -k)");
        if (offset == 0 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd)
          throw Error(where, "is zstd-compressed; decompress it first (unzstd)");
        throw Error(where, offset == 0 ? "not a tar archive"
                                       : "corrupt tar header at offset " + std::to_string(offset));
      }
      any = true;
      std::uint64_t size = 0;
      if (!parse_number(h, 124, 12, size)) throw Error(where, "corrupt size at offset " + std::to_string(offset));
      const char type = char(h[156]);
      const std::uint64_t data = offset + kBlock;
      if (data + size < data || data + size > file_->size())
        throw Error(where, "truncated archive: member at offset " + std::to_string(offset) + " extends past the end");
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (size > limits::kMaxArchiveExtendedHeader)
          throw Error(where, "extended header of " + std::to_string(size) + " bytes at offset " +
                                 std::to_string(offset) + " exceeds the limit");
        std::string text(std::size_t(size), '\0');
        if (file_->read_at(text.data(), text.size(), data) != text.size()) throw Error(where, "truncated archive");
        if (type == 'L') long_name = std::string(text.c_str());
        else if (type == 'K') long_link = std::string(text.c_str());
        else if (type == 'x') apply_pax(text, pax_path, pax_link, pax_size, has_pax_size, where);
      } else {
        std::string name = field(h, 0, 100);
        if (std::memcmp(h + 257, "ustar\0", 6) == 0) {
          const std::string prefix = field(h, 345, 155);
          if (!prefix.empty()) name = prefix + "/" + name;
        }
        Member m;
        m.type = (type == '\0' || type == '7') ? '0' : type;
        m.offset = data;
        m.size = (has_pax_size ? pax_size : size);
        if (m.size != size && (type == '1' || type == '2' || type == '5')) m.size = 0;
        m.link = !pax_link.empty() ? pax_link : !long_link.empty() ? long_link : field(h, 157, 100);
        const std::string path = clean_path(!pax_path.empty() ? pax_path : !long_name.empty() ? long_name : name);
        if (m.type == '0' && data + m.size > file_->size())
          throw Error(where, "truncated archive: " + path + " extends past the end");
        if (members_.size() >= limits::kMaxArchiveMembers)
          throw Error(where, "more than " + std::to_string(limits::kMaxArchiveMembers) + " members");
        members_[path] = std::move(m);
        if (type == '0' || type == '\0' || type == '7') size = (has_pax_size ? pax_size : size);
        long_name.clear();
        long_link.clear();
        pax_path.clear();
        pax_link.clear();
        has_pax_size = false;
      }
      offset = data + round_up(size);
    }
  }

  std::shared_ptr<const ReadOnlyFile> file_;
  std::unordered_map<std::string, Member> members_;
};

}  // namespace

FileSetPtr archive_files(const std::string& path) { return std::make_shared<ArchiveFiles>(path); }

}  // namespace imgslim::oci
