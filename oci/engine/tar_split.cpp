#include "oci/engine/tar_split.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "support/error.h"

namespace imgslim::oci {

namespace {

// One tar-split line is a header segment (a few KiB with PAX records) or a
// file name: far below this.
constexpr std::size_t kMaxLineBytes = 16u << 20;

// Standard base64 with padding, as Go's encoding/json writes []byte;
// OpenSSL's block decoder counts padding as zero bytes, which are dropped.
std::string base64_decode(std::string_view in, const std::string& name) {
  if (in.size() % 4 != 0) throw Error(name, "tar-split payload is not base64");
  std::string out(in.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), int(in.size()));
  if (n < 0) throw Error(name, "tar-split payload is not base64");
  std::size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(std::size_t(n) - pad);
  return out;
}

void put_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xc0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += char(0xe0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  } else {
    out += char(0xf0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3f));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  }
}

// A flat JSON object of string, number and null values, read in place.
class LineParser {
 public:
  LineParser(std::string_view s, const std::string& name) : s_(s), name_(name) {}

  [[noreturn]] void bad() const { throw Error(name_, "unreadable tar-split line"); }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::uint32_t hex4() {
    if (i_ + 4 > s_.size()) bad();
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= std::uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f') v |= std::uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= std::uint32_t(c - 'A' + 10);
      else bad();
    }
    return v;
  }
  std::string string() {
    if (!eat('"')) bad();
    std::string out;
    while (true) {
      // Plain runs (all of a base64 payload) are copied whole.
      const std::size_t stop = s_.find_first_of("\"\\", i_);
      if (stop == std::string_view::npos) bad();
      out.append(s_.substr(i_, stop - i_));
      i_ = stop + 1;
      if (s_[stop] == '"') return out;
      if (i_ >= s_.size()) bad();
      switch (s_[i_++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xd800 && cp < 0xdc00 && i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            i_ += 2;
            const std::uint32_t low = hex4();
            if (low < 0xdc00 || low > 0xdfff) bad();
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          }
          put_utf8(out, cp);
          break;
        }
        default: bad();
      }
    }
  }
  std::int64_t number() {
    ws();
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    std::int64_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      if (v > (INT64_MAX - 9) / 10) bad();
      v = v * 10 + (s_[i_++] - '0');
    }
    if (i_ == start || (s_[start] == '-' && i_ == start + 1)) bad();
    return s_[start] == '-' ? -v : v;
  }
  bool null() {
    ws();
    if (s_.substr(i_, 4) != "null") return false;
    i_ += 4;
    return true;
  }
  bool at_end() {
    ws();
    return i_ == s_.size();
  }

 private:
  std::string_view s_;
  const std::string& name_;
  std::size_t i_ = 0;
};

}  // namespace

TarSplitEntry parse_tar_split_line(std::string_view line, const std::string& name) {
  LineParser p(line, name);
  TarSplitEntry e;
  std::string name_raw;
  if (!p.eat('{')) p.bad();
  if (!p.eat('}')) {
    do {
      const std::string key = p.string();
      if (!p.eat(':')) p.bad();
      if (key == "type") e.type = int(p.number());
      else if (key == "size") e.size = p.number();
      else if (key == "position") p.number();
      else if (key == "name") e.name = p.string();
      else if (key == "name_raw") name_raw = p.null() ? std::string() : base64_decode(p.string(), name);
      else if (key == "payload") e.payload = p.null() ? std::string() : p.string();
      else p.bad();
    } while (p.eat(','));
    if (!p.eat('}')) p.bad();
  }
  if (!p.at_end()) p.bad();
  if (e.type != TarSplitEntry::File && e.type != TarSplitEntry::Segment)
    throw Error(name, "tar-split entry of unknown type " + std::to_string(e.type));
  if (e.size < 0) throw Error(name, "tar-split entry of negative size");
  if (!name_raw.empty()) e.name = std::move(name_raw);
  // A file's payload is a CRC-64 of its content, not needed: the whole
  // stream is checked against the diff_id instead.
  e.payload = e.type == TarSplitEntry::Segment ? base64_decode(e.payload, name) : std::string();
  return e;
}

TarSplitReader::TarSplitReader(const std::string& path) : path_(path) {
  gz_ = ::gzopen(path.c_str(), "rb");
  if (!gz_) throw Error(path, std::string("cannot open: ") + std::strerror(errno));
  ::gzbuffer(static_cast<gzFile>(gz_), 128 * 1024);
}

TarSplitReader::~TarSplitReader() {
  if (gz_) ::gzclose(static_cast<gzFile>(gz_));
}

bool TarSplitReader::fill() {
  if (eof_) return false;
  if (at_ > 0) {
    buf_.erase(0, at_);
    at_ = 0;
  }
  const std::size_t old = buf_.size();
  buf_.resize(old + (256u << 10));
  const int n = ::gzread(static_cast<gzFile>(gz_), buf_.data() + old, unsigned(buf_.size() - old));
  if (n < 0) {
    int err = 0;
    const char* msg = ::gzerror(static_cast<gzFile>(gz_), &err);
    throw Error(path_, std::string("corrupt gzip: ") + (msg ? msg : "read error"));
  }
  buf_.resize(old + std::size_t(n));
  if (n == 0) eof_ = true;
  return n > 0;
}

bool TarSplitReader::next(TarSplitEntry& entry) {
  while (true) {
    const std::size_t nl = buf_.find('\n', at_);
    if (nl != std::string::npos) {
      std::string_view line(buf_.data() + at_, nl - at_);
      at_ = nl + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      entry = parse_tar_split_line(line, path_);
      return true;
    }
    if (buf_.size() - at_ > kMaxLineBytes) throw Error(path_, "tar-split line over 16 MiB");
    if (!fill()) {
      std::string_view rest(buf_.data() + at_, buf_.size() - at_);
      at_ = buf_.size();
      if (rest.find_first_not_of(" \t\r") == std::string_view::npos) return false;
      entry = parse_tar_split_line(rest, path_);
      return true;
    }
  }
}

}  // namespace imgslim::oci
