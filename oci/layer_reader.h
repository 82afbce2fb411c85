// Streams one layer: blob -> (compressed digest check) -> inflate by magic
// bytes (gzip, zstd, plain) -> (diff_id check) -> tar entries via libarchive.
// Nothing is extracted to disk.
#pragma once
#include <cstdint>
#include <functional>

#include "oci/image.h"
#include "oci/tar_entry.h"

namespace imgslim::oci {

struct LayerStats {
  std::uint64_t compressed_bytes = 0;  // blob bytes read
  std::uint64_t tar_bytes = 0;         // uncompressed tar stream bytes
  std::uint64_t entries = 0;
  std::string compression;             // "gzip", "zstd", "none"
};

// Called for every entry in tar order. `content` is non-null for regular
// files (including hardlink-free files with size > 0).
using EntryVisitor = std::function<void(const TarEntry& entry, EntryContent* content)>;

// Throws imgslim::Error naming the blob digest on corruption, truncation,
// digest mismatch (when verify) or an unsupported media type.
LayerStats read_layer(const Layer& layer, bool verify, const EntryVisitor& visit);

// The same over an already-open uncompressed or compressed stream (used by
// streaming sources and fuzzers). `name` names the input in errors.
LayerStats read_layer_stream(ByteStream& blob, const std::string& name, const EntryVisitor& visit);

}  // namespace imgslim::oci
