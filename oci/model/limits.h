// Every size and count limit of the oci/ library, in one place. Inputs that
// exceed one are rejected with an imgslim::Error naming the input and the
// environment variable that raises the limit.
//
// Configurable (read once, from the environment; sizes as parse_size takes
// them: "64GiB", "500MB", "1048576"):
//   IMGSLIM_MAX_JSON_BYTES        JSON documents (manifests, configs, ...)   8 MiB
//   IMGSLIM_MAX_LAYER_BYTES       uncompressed tar stream of one layer       64 GiB
//   IMGSLIM_MAX_EXPANSION_RATIO   uncompressed/compressed bytes of a layer,  2000
//                                 checked once a layer passes 1 GiB (gzip
//                                 cannot exceed ~1030: only crafted zstd can)
//   IMGSLIM_MAX_LAYER_ENTRIES     tar entries of one layer                   4194304
//   IMGSLIM_MAX_PATH_BYTES        an entry's path or link target             16 KiB
#pragma once
#include <cstddef>
#include <cstdint>

namespace imgslim::oci::limits {

struct Configured {
  std::uint64_t json_bytes = 8ull << 20;
  std::uint64_t layer_bytes = 64ull << 30;
  std::uint64_t expansion_ratio = 2000;
  std::uint64_t layer_entries = 4ull << 20;
  std::uint64_t path_bytes = 16u << 10;
};

// The limits in force: the defaults above, overridden by the environment.
// Throws imgslim::Error naming the variable when a value is not a size.
const Configured& configured();

// JSON documents: manifests, indexes, image configs, manifest.json,
// repositories, index.json, oci-layout.
inline std::uint64_t max_json_bytes() { return configured().json_bytes; }
// The expansion ratio is only checked past this many uncompressed bytes.
inline constexpr std::uint64_t kExpansionCheckBytes = 1ull << 30;
// Nested image indexes followed before giving up.
inline constexpr int kMaxIndexDepth = 8;
// Members of an archive (oci-archive, docker-archive) indexed by offset.
inline constexpr std::size_t kMaxArchiveMembers = 1u << 20;
// Extended header (PAX, GNU long name/link) of an archive member.
inline constexpr std::uint64_t kMaxArchiveExtendedHeader = 1u << 20;
// Read buffer of blob streams and of the decompressors' output.
inline constexpr std::size_t kReadBufferBytes = 1u << 20;  // 1 MiB
// Symlinks followed inside an archive when resolving a member.
inline constexpr int kMaxArchiveLinkHops = 16;

}  // namespace imgslim::oci::limits
