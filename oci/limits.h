// Every size and count limit of the oci/ library, in one place. Inputs that
// exceed one are rejected with an imgslim::Error naming the input.
#pragma once
#include <cstddef>
#include <cstdint>

namespace imgslim::oci::limits {

// JSON documents: manifests, indexes, image configs, manifest.json,
// repositories, index.json, oci-layout.
inline constexpr std::uint64_t kMaxJsonBytes = 8ull << 20;  // 8 MiB
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
