// oci/layers/ — how one layer blob is read: compression detection, gzip/zstd chunking, digest-checking
// streams, tar entries, the parallel stream of an image's layers.
// May include: oci/image.h, oci/byte_stream.h, oci/model/, support/.
//
// Streams one layer: blob -> (compressed digest check) -> inflate by magic
// bytes (gzip, zstd, plain) -> (diff_id check) -> tar entries via libarchive.
// Nothing is extracted to disk.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "oci/image.h"
#include "oci/layers/tar_entry.h"

namespace imgslim::oci {

struct LayerStats {
  std::uint64_t compressed_bytes = 0;  // blob bytes read
  std::uint64_t tar_bytes = 0;         // uncompressed tar stream bytes
  std::uint64_t entries = 0;
  std::string compression;             // "gzip", "zstd", "none"
  Digest tar_digest;                   // of the uncompressed tar, when LayerCheck asked for it
  // For a plain tar blob with LayerCheck::push_size_threads > 0: the size of
  // the gzip blob a push would produce (oci/layers/push_size.h); else 0.
  std::uint64_t push_gzip_bytes = 0;
};

// Called for every entry in tar order (the root directory entry "./" is not
// reported). `content` is non-null for regular files (type File, also when
// empty); bytes the visitor does not read are skipped. For a sparse file the
// content is its stored data only (holes are never materialised: a header
// may claim terabytes); its entry size is the apparent size.
using EntryVisitor = std::function<void(const TarEntry& entry, EntryContent* content)>;

// Throws imgslim::Error naming the blob digest on corruption, truncation,
// digest mismatch (when verify) or an unsupported media type.
LayerStats read_layer(const Layer& layer, bool verify, const EntryVisitor& visit);

// What a layer stream is checked against; every part is optional.
struct LayerCheck {
  std::string media_type;        // its promised compression must match the bytes; empty: any
  std::optional<Digest> digest;  // of the blob as stored
  std::int64_t size = -1;        // of the blob as stored; -1: unknown
  std::optional<Digest> diff_id; // of the uncompressed tar stream
  // Non-empty ("sha256"): hash the uncompressed tar of a compressed blob into
  // LayerStats::tar_digest without comparing it (for streams whose layer is
  // named only afterwards). A plain tar blob is not hashed twice: its
  // diff_id is the blob digest, which the blob's source checks.
  std::string hash_algorithm;
  // > 0: a plain tar blob is also gzip-compressed as it streams, on this many
  // background threads, into LayerStats::push_gzip_bytes.
  unsigned push_size_threads = 0;
  // A compressed blob is read and inflated on a thread of its own while the
  // caller's thread hashes and parses the tar (pipelined_chunks.h).
  bool pipeline = true;
};

// The same over an already-open blob (used by streaming sources, fuzzers).
// `name` names the input in errors.
LayerStats read_layer_stream(ByteStream& blob, const std::string& name, const LayerCheck& check,
                             const EntryVisitor& visit);
// Without any check.
LayerStats read_layer_stream(ByteStream& blob, const std::string& name, const EntryVisitor& visit);

}  // namespace imgslim::oci
