#include "oci/engine/export.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <vector>

#include "oci/layers/digest_checking_stream.h"
#include "oci/model/limits.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

// libarchive reading from a ByteStream, front to back.
class TarReader {
 public:
  TarReader(ByteStream& in, std::string name) : in_(in), name_(std::move(name)), buf_(limits::kReadBufferBytes) {
    ar_ = archive_read_new();
    archive_read_support_format_tar(ar_);
    archive_read_support_format_gnutar(ar_);
    if (archive_read_open(ar_, this, nullptr, &TarReader::on_read, nullptr) != ARCHIVE_OK) fail("cannot open");
  }
  ~TarReader() { archive_read_free(ar_); }
  TarReader(const TarReader&) = delete;
  TarReader& operator=(const TarReader&) = delete;

  // Next member, or nullptr at the end.
  archive_entry* next() {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(ar_, &entry);
    if (r == ARCHIVE_EOF) return nullptr;
    if (r < ARCHIVE_WARN) fail("not a readable tar stream");
    return entry;
  }
  std::size_t read_data(void* buf, std::size_t n) {
    la_ssize_t got = archive_read_data(ar_, buf, n);
    if (got < 0) fail("truncated or corrupt");
    return static_cast<std::size_t>(got);
  }
  [[noreturn]] void fail(const std::string& what) {
    if (pending_) std::rethrow_exception(pending_);  // the HTTP stream's own error says more
    const char* detail = archive_error_string(ar_);
    throw Error(name_, what + (detail ? std::string(": ") + detail : std::string()));
  }

 private:
  static la_ssize_t on_read(archive*, void* self_ptr, const void** out) {
    auto* self = static_cast<TarReader*>(self_ptr);
    try {
      std::size_t n = self->in_.read(self->buf_.data(), self->buf_.size());
      *out = self->buf_.data();
      return static_cast<la_ssize_t>(n);
    } catch (...) {
      self->pending_ = std::current_exception();
      archive_set_error(self->ar_, EIO, "read failed");
      return -1;
    }
  }

  ByteStream& in_;
  std::string name_;
  std::vector<char> buf_;
  archive* ar_ = nullptr;
  std::exception_ptr pending_;
};

// The current member's bytes, after the `peek` bytes already taken.
class MemberStream : public ByteStream {
 public:
  MemberStream(TarReader& tar, std::string peek) : tar_(tar), peek_(std::move(peek)) {}
  std::size_t read(void* buf, std::size_t n) override {
    if (pos_ < peek_.size()) {
      std::size_t take = std::min(n, peek_.size() - pos_);
      std::memcpy(buf, peek_.data() + pos_, take);
      pos_ += take;
      return take;
    }
    return tar_.read_data(buf, n);
  }

 private:
  TarReader& tar_;
  std::string peek_;
  std::size_t pos_ = 0;
};

std::string read_prefix(TarReader& tar, std::size_t n) {
  std::string out(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    std::size_t got = tar.read_data(out.data() + have, n - have);
    if (got == 0) break;
    have += got;
  }
  out.resize(have);
  return out;
}

std::string sniff_compression(const std::string& head) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && b(0) == 0x1f && b(1) == 0x8b) return "gzip";
  if (head.size() >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd) return "zstd";
  return "none";
}

bool looks_like_json(const std::string& head) {
  for (char c : head) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' || c == '[';
  }
  return false;
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// Members that are documents by name in both export shapes.
bool is_document_name(const std::string& path) {
  if (path == "manifest.json" || path == "index.json" || path == "oci-layout" || path == "repositories") return true;
  if (path.find('/') == std::string::npos) return path.size() > 5 && path.ends_with(".json");  // <config>.json
  return path.ends_with("/json") || path.ends_with("/VERSION");
}

// The digest a blobs/<alg>/<hex> path promises, or an empty digest.
Digest export_digest_from_path(const std::string& path) {
  if (path.rfind("blobs/", 0) != 0) return {};
  std::string rest = path.substr(6);
  auto slash = rest.find('/');
  if (slash == std::string::npos) return {};
  try {
    return Digest::parse(rest.substr(0, slash) + ":" + rest.substr(slash + 1), path);
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

std::string normalize_member_path(const std::string& base_dir, const std::string& path) {
  std::vector<std::string> parts;
  auto push = [&](const std::string& text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('/', start);
      if (end == std::string::npos) end = text.size();
      std::string part = text.substr(start, end - start);
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.push_back(part);
      }
      start = end + 1;
    }
    return true;
  };
  if ((path.empty() || path[0] != '/') && !push(base_dir)) return "";
  if (!push(path)) return "";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string ExportContents::resolve(const std::string& path, const std::string& name) const {
  std::string current = normalize_member_path("", path);
  for (int hop = 0; hop <= limits::kMaxArchiveLinkHops; ++hop) {
    auto it = links.find(current);
    if (it == links.end()) return current;
    current = it->second;
  }
  throw Error(name, "too many links resolving " + path);
}

ExportContents read_export(ByteStream& tar_stream, const std::string& name, bool verify,
                           const LayerArrivalVisitor& visit) {
  ExportContents out;
  TarReader tar(tar_stream, name);
  std::size_t members = 0;
  std::vector<char> drain(256 * 1024);
  while (archive_entry* entry = tar.next()) {
    if (++members > limits::kMaxArchiveMembers) throw Error(name, "too many members in the export");
    const char* raw_path = archive_entry_pathname(entry);
    std::string path = normalize_member_path("", raw_path ? raw_path : "");
    if (path.empty()) continue;
    if (const char* hard = archive_entry_hardlink(entry)) {
      std::string target = normalize_member_path("", hard);
      if (!target.empty()) out.links[path] = target;
      continue;
    }
    auto type = archive_entry_filetype(entry);
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      std::string resolved = normalize_member_path(dir_of(path), target ? target : "");
      if (!resolved.empty()) out.links[path] = resolved;
      continue;
    }
    if (type != AE_IFREG) continue;
    std::int64_t size = archive_entry_size(entry);
    std::string member_name = name + " member " + path;
    // Documents by name (manifest.json, <config>.json, <id>/json...); any
    // other member (<id>/layer.tar, blobs/sha256/<hex>, Podman's <hex>.tar)
    // is a layer unless its first bytes are JSON (configs and manifests in
    // blobs/).
    if (is_document_name(path)) {
      if (size > static_cast<std::int64_t>(limits::max_json_bytes()))
        throw Error(member_name, "document larger than " + std::to_string(limits::max_json_bytes()) + " bytes");
      out.documents[path] = read_prefix(tar, static_cast<std::size_t>(size));
      continue;
    }
    std::string head = read_prefix(tar, 512);
    if (looks_like_json(head) && size <= static_cast<std::int64_t>(limits::max_json_bytes())) {
      out.documents[path] = head + read_prefix(tar, static_cast<std::size_t>(size) - head.size());
      continue;
    }
    ExportedLayer layer;
    layer.arrival = out.layers.size();
    layer.compression = sniff_compression(head);
    MemberStream member(tar, head);
    Digest expected = export_digest_from_path(path);
    DigestCheckingStream checked(member, expected, size, member_name, verify);
    LayerArrival arrival{layer.arrival, path, &checked};
    visit(arrival);
    checked.finish();
    layer.digest = checked.actual();
    layer.size = checked.bytes();
    out.layers[path] = layer;
  }
  return out;
}

namespace {

// Owns the export stream and its tar reader; reads one member.
class OwnedMemberStream : public ByteStream {
 public:
  OwnedMemberStream(ByteStreamPtr tar_stream, const std::string& name, const std::string& member)
      : stream_(std::move(tar_stream)), tar_(std::make_unique<TarReader>(*stream_, name)) {
    while (archive_entry* entry = tar_->next()) {
      const char* p = archive_entry_pathname(entry);
      if (p && normalize_member_path("", p) == member && archive_entry_filetype(entry) == AE_IFREG &&
          !archive_entry_hardlink(entry))
        return;
    }
    throw Error(name, "the export has no member " + member);
  }
  std::size_t read(void* buf, std::size_t n) override { return tar_->read_data(buf, n); }

 private:
  ByteStreamPtr stream_;
  std::unique_ptr<TarReader> tar_;
};

}  // namespace

ByteStreamPtr open_export_member(ByteStreamPtr tar, const std::string& name, const std::string& member) {
  return std::make_unique<OwnedMemberStream>(std::move(tar), name, member);
}

}  // namespace imgslim::oci
