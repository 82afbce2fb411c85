#include "oci/layer_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <exception>

#include "oci/chunk_source.h"
#include "oci/path_clean.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

// Feeds libarchive from the uncompressed stream, hashing it for the diff_id.
// Exceptions cannot cross libarchive's C frames: they are kept and rethrown.
struct TarFeed {
  ChunkSource* source = nullptr;
  std::optional<Hasher> hasher;
  std::uint64_t bytes = 0;
  bool eof = false;
  std::exception_ptr error;

  bool pull(const unsigned char*& data, std::size_t& n) {
    if (eof || !source->next(data, n)) {
      eof = true;
      return false;
    }
    if (hasher) hasher->update(data, n);
    bytes += n;
    return true;
  }

  static la_ssize_t read(struct archive* a, void* self, const void** buf) {
    auto* feed = static_cast<TarFeed*>(self);
    try {
      const unsigned char* data = nullptr;
      std::size_t n = 0;
      if (!feed->pull(data, n)) return 0;
      *buf = data;
      return la_ssize_t(n);
    } catch (...) {
      feed->error = std::current_exception();
      archive_set_error(a, EIO, "layer stream failed");
      return ARCHIVE_FATAL;
    }
  }
};

struct ArchiveHandle {
  struct archive* a = archive_read_new();
  ~ArchiveHandle() { archive_read_free(a); }
};

[[noreturn]] void fail(struct archive* a, const TarFeed& feed, const std::string& name) {
  if (feed.error) std::rethrow_exception(feed.error);
  const char* why = archive_error_string(a);
  throw Error(name, std::string("corrupt layer tar: ") + (why ? why : "unreadable"));
}

class ArchiveContent final : public EntryContent {
 public:
  ArchiveContent(struct archive* a, const TarFeed& feed, const std::string& name) : a_(a), feed_(feed), name_(name) {}
  std::size_t read(void* buf, std::size_t n) override {
    const la_ssize_t r = archive_read_data(a_, buf, n);
    if (r < 0) fail(a_, feed_, name_);
    return std::size_t(r);
  }

 private:
  struct archive* a_;
  const TarFeed& feed_;
  const std::string& name_;
};

EntryType entry_type(struct archive_entry* e) {
  if (archive_entry_hardlink(e)) return EntryType::Hardlink;
  switch (archive_entry_filetype(e)) {
    case AE_IFREG: return EntryType::File;
    case AE_IFDIR: return EntryType::Directory;
    case AE_IFLNK: return EntryType::Symlink;
    case AE_IFCHR: return EntryType::CharDevice;
    case AE_IFBLK: return EntryType::BlockDevice;
    case AE_IFIFO: return EntryType::Fifo;
    default: return EntryType::Other;
  }
}

const char* text_of(const char* utf8, const char* raw) { return utf8 ? utf8 : raw ? raw : ""; }

void fill_entry(struct archive_entry* e, TarEntry& out) {
  out.path = clean_path(text_of(archive_entry_pathname_utf8(e), archive_entry_pathname(e)));
  out.type = entry_type(e);
  out.size = (out.type == EntryType::File) ? archive_entry_size(e) : 0;
  out.mode = std::uint32_t(archive_entry_mode(e) & 07777);
  out.uid = archive_entry_uid(e);
  out.gid = archive_entry_gid(e);
  out.mtime = archive_entry_mtime(e);
  out.link_target.clear();
  if (out.type == EntryType::Hardlink)
    out.link_target = clean_path(text_of(archive_entry_hardlink_utf8(e), archive_entry_hardlink(e)));
  else if (out.type == EntryType::Symlink)
    out.link_target = text_of(archive_entry_symlink_utf8(e), archive_entry_symlink(e));
}

LayerCompression promised(const std::string& media_type, const std::string& name) {
  LayerCompression c = LayerCompression::None;
  if (!media::layer_compression(media_type, c))
    throw Error(name, "unsupported layer media type \"" + media_type + "\"");
  return c;
}

}  // namespace

LayerStats read_layer_stream(ByteStream& blob, const std::string& name, const LayerCheck& check,
                             const EntryVisitor& visit) {
  BlobChunks stored(blob, name, check.digest, check.size);
  const unsigned char* head = nullptr;
  const std::size_t head_n = stored.peek(head);
  const LayerCompression found = detect_compression(head, head_n, name);
  if (!check.media_type.empty()) {
    const LayerCompression want = promised(check.media_type, name);
    if (want != found)
      throw Error(name, "media type " + check.media_type + " promises " + compression_name(want) +
                            " but the blob is " + (found == LayerCompression::None ? "not compressed" : compression_name(found)));
  }

  std::unique_ptr<ChunkSource> inflater;
  if (found == LayerCompression::Gzip) inflater = gzip_chunks(stored, name);
  else if (found == LayerCompression::Zstd) inflater = zstd_chunks(stored, name);
  ChunkSource& tar_source = inflater ? *inflater : stored;

  TarFeed feed;
  feed.source = &tar_source;
  if (check.diff_id) feed.hasher.emplace(check.diff_id->algorithm);
  else if (!check.hash_algorithm.empty() && found != LayerCompression::None) feed.hasher.emplace(check.hash_algorithm);

  LayerStats stats;
  stats.compression = compression_name(found);
  {
    ArchiveHandle handle;
    struct archive* a = handle.a;
    if (!a) throw Error(name, "cannot allocate a tar reader");
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_empty(a);
    if (archive_read_open(a, &feed, nullptr, &TarFeed::read, nullptr) != ARCHIVE_OK) fail(a, feed, name);

    TarEntry entry;
    struct archive_entry* e = nullptr;
    while (true) {
      const int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) fail(a, feed, name);
      fill_entry(e, entry);
      if (entry.path.empty()) continue;  // the root directory itself
      ++stats.entries;
      if (entry.type == EntryType::File) {
        ArchiveContent content(a, feed, name);
        visit(entry, &content);
      } else {
        visit(entry, nullptr);
      }
    }
  }
  // Whatever follows the end-of-archive blocks is part of the layer too.
  const unsigned char* data = nullptr;
  std::size_t n = 0;
  while (feed.pull(data, n)) {
  }
  stats.tar_bytes = feed.bytes;
  stats.compressed_bytes = stored.bytes();
  if (feed.hasher) stats.tar_digest = feed.hasher->finish();
  if (check.diff_id) {
    const Digest& actual = stats.tar_digest;
    if (actual != *check.diff_id)
      throw Error(name, "diff_id mismatch: the uncompressed layer hashes to " + actual.str() + ", the config says " +
                            check.diff_id->str());
  }
  return stats;
}

LayerStats read_layer_stream(ByteStream& blob, const std::string& name, const EntryVisitor& visit) {
  return read_layer_stream(blob, name, LayerCheck{}, visit);
}

LayerStats read_layer(const Layer& layer, bool verify, const EntryVisitor& visit) {
  const Descriptor& d = layer.descriptor();
  const std::string name = "layer " + (d.digest.empty() ? layer.diff_id().str() : d.digest.str());
  LayerCheck check;
  check.media_type = d.media_type;
  if (verify) {
    if (!d.digest.empty()) check.digest = d.digest;
    check.size = d.size;
    if (!layer.diff_id().empty()) check.diff_id = layer.diff_id();
  }
  auto blob = layer.open_blob();
  return read_layer_stream(*blob, name, check, visit);
}

}  // namespace imgslim::oci
