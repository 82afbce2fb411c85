#include "oci/layers/layer_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>

#include "oci/layers/chunk_source.h"
#include "oci/model/limits.h"
#include "oci/layers/path_clean.h"
#include "oci/layers/pipelined_chunks.h"
#include "oci/layers/push_size.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

// Feeds libarchive from the uncompressed stream, hashing it for the diff_id.
// Exceptions cannot cross libarchive's C frames: they are kept and rethrown.
struct TarFeed {
  ChunkSource* source = nullptr;
  std::function<std::uint64_t()> stored_bytes;  // for the expansion ratio
  const std::string* name = nullptr;
  std::optional<Hasher> hasher;
  PushSizeCounter* push_size = nullptr;
  std::uint64_t bytes = 0;
  bool eof = false;
  std::exception_ptr error;

  bool pull(const unsigned char*& data, std::size_t& n) {
    if (eof || !source->next(data, n)) {
      eof = true;
      return false;
    }
    if (hasher) hasher->update(data, n);
    if (push_size) push_size->add(data, n);
    bytes += n;
    check_expansion();
    return true;
  }

  // A layer may not expand without bound: a few hundred KB of crafted zstd
  // can claim terabytes. Both checks name the variable that raises them.
  void check_expansion() const {
    const auto& limit = limits::configured();
    if (bytes > limit.layer_bytes)
      throw Error(*name, "the uncompressed layer exceeds " + std::to_string(limit.layer_bytes) +
                             " bytes (IMGSLIM_MAX_LAYER_BYTES)");
    const std::uint64_t compressed = stored_bytes ? stored_bytes() : 0;
    if (bytes > limits::kExpansionCheckBytes && compressed > 0 && bytes / compressed > limit.expansion_ratio)
      throw Error(*name, "compression bomb: " + std::to_string(compressed) + " stored bytes expand to more than " +
                             std::to_string(bytes) + " (over " + std::to_string(limit.expansion_ratio) +
                             " times; IMGSLIM_MAX_EXPANSION_RATIO)");
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
  // libarchive hands out the tar's own buffer: no copy for hashing.
  std::size_t next_block(const void*& data) override {
    while (true) {
      std::size_t n = 0;
      la_int64_t offset = 0;
      const int r = archive_read_data_block(a_, &data, &n, &offset);
      if (r == ARCHIVE_EOF) return 0;
      if (r < ARCHIVE_WARN) fail(a_, feed_, name_);
      if (n > 0) return n;
    }
  }

 private:
  struct archive* a_;
  const TarFeed& feed_;
  const std::string& name_;
};

// A sparse file's content is its stored data blocks only: its holes (up to
// the apparent size in the header, which may claim terabytes) are never
// materialised as zeros.
class SparseContent final : public EntryContent {
 public:
  SparseContent(struct archive* a, const TarFeed& feed, const std::string& name) : a_(a), feed_(feed), name_(name) {}
  std::size_t read(void* buf, std::size_t n) override {
    while (left_ == 0) {
      if (done_) return 0;
      const void* block = nullptr;
      la_int64_t offset = 0;
      const int r = archive_read_data_block(a_, &block, &left_, &offset);
      if (r == ARCHIVE_EOF) {
        done_ = true;
        left_ = 0;
        return 0;
      }
      if (r < ARCHIVE_WARN) fail(a_, feed_, name_);
      at_ = static_cast<const char*>(block);
    }
    const std::size_t k = std::min(n, left_);
    std::memcpy(buf, at_, k);
    at_ += k;
    left_ -= k;
    return k;
  }

 private:
  struct archive* a_;
  const TarFeed& feed_;
  const std::string& name_;
  const char* at_ = nullptr;
  std::size_t left_ = 0;
  bool done_ = false;
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

bool is_ascii(const char* s) {
  for (; *s; ++s)
    if (static_cast<unsigned char>(*s) >= 0x80) return false;
  return true;
}

// A name as UTF-8. Plain ASCII (nearly every name in an image) is the same in
// any charset and is taken as stored; only other names go through libarchive's
// conversion, which costs a multibyte round trip per call.
const char* text_of(struct archive_entry* e, const char* (*raw_of)(struct archive_entry*),
                    const char* (*utf8_of)(struct archive_entry*)) {
  const char* raw = raw_of(e);
  if (raw && is_ascii(raw)) return raw;
  const char* utf8 = utf8_of(e);
  return utf8 ? utf8 : raw ? raw : "";
}

void check_path_length(const char* text, const std::string& name) {
  const std::uint64_t limit = limits::configured().path_bytes;
  if (std::strlen(text) > limit)
    throw Error(name, "an entry's path or link target is longer than " + std::to_string(limit) +
                          " bytes (IMGSLIM_MAX_PATH_BYTES)");
}

void fill_entry(struct archive_entry* e, TarEntry& out, const std::string& name) {
  const char* path = text_of(e, archive_entry_pathname, archive_entry_pathname_utf8);
  check_path_length(path, name);
  out.path = clean_path(path);
  out.type = entry_type(e);
  out.size = (out.type == EntryType::File) ? archive_entry_size(e) : 0;
  out.mode = std::uint32_t(archive_entry_mode(e) & 07777);
  out.uid = archive_entry_uid(e);
  out.gid = archive_entry_gid(e);
  out.mtime = archive_entry_mtime(e);
  out.link_target.clear();
  const char* link = out.type == EntryType::Hardlink  ? text_of(e, archive_entry_hardlink, archive_entry_hardlink_utf8)
                     : out.type == EntryType::Symlink ? text_of(e, archive_entry_symlink, archive_entry_symlink_utf8)
                                                      : "";
  check_path_length(link, name);
  if (out.type == EntryType::Hardlink) out.link_target = clean_path(link);
  else if (out.type == EntryType::Symlink) out.link_target = link;
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
  std::optional<PipelinedChunks> piped;
  if (inflater && check.pipeline) piped.emplace(*inflater, [&stored] { return stored.bytes(); });
  ChunkSource& tar_source = piped ? static_cast<ChunkSource&>(*piped) : inflater ? *inflater : stored;

  TarFeed feed;
  feed.source = &tar_source;
  if (piped) feed.stored_bytes = [&piped] { return piped->progress(); };
  else feed.stored_bytes = [&stored] { return stored.bytes(); };
  feed.name = &name;
  if (check.diff_id) feed.hasher.emplace(check.diff_id->algorithm);
  else if (!check.hash_algorithm.empty() && found != LayerCompression::None) feed.hasher.emplace(check.hash_algorithm);

  std::optional<PushSizeCounter> push_size;
  if (found == LayerCompression::None && check.push_size_threads > 0) {
    push_size.emplace(check.push_size_threads);
    feed.push_size = &*push_size;
  }

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
      fill_entry(e, entry, name);
      if (entry.path.empty()) continue;  // the root directory itself
      if (++stats.entries > limits::configured().layer_entries)
        throw Error(name, "more than " + std::to_string(limits::configured().layer_entries) +
                              " entries in one layer (IMGSLIM_MAX_LAYER_ENTRIES)");
      if (entry.type == EntryType::File && archive_entry_sparse_count(e) > 0) {
        SparseContent content(a, feed, name);
        visit(entry, &content);
      } else if (entry.type == EntryType::File) {
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
  piped.reset();  // the producer has ended: `stored` is this thread's again
  stats.tar_bytes = feed.bytes;
  stats.compressed_bytes = stored.bytes();
  if (push_size) stats.push_gzip_bytes = push_size->finish();
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
