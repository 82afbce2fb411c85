// Per-layer figures: what the layer ships and what of it the final image
// still shows.
#pragma once
#include <cstdint>
#include <string>

#include "analyzers/scan/file_record.h"
#include "oci/model/descriptor.h"

namespace imgslim::analyzers {

struct LayerSummary {
  std::size_t index = 0;
  oci::Descriptor descriptor;      // blob as stored: digest, media type, size
  oci::Digest diff_id;             // uncompressed digest (config rootfs.diff_ids)
  std::string created_by;          // paired history entry (empty_layer entries skipped); "" when none
  std::string created;             // its timestamp
  std::string comment;             // its comment (e.g. "buildkit.dockerfile.v0")
  bool has_history = false;

  std::uint64_t content_bytes = 0;     // sum of tar header sizes over every entry (dive's layer size)
  std::uint64_t tar_bytes = 0;         // uncompressed tar stream
  std::uint64_t stored_bytes = 0;      // blob bytes as stored
  // The compressed blob a registry holds or a push would produce: the stored
  // blob when it is compressed; for a plain tar (engine export, docker save)
  // the gzip size computed while streaming (compressed_computed), 0 when the
  // scan was asked not to compute it.
  std::uint64_t compressed_bytes = 0;
  bool compressed_computed = false;
  std::string compression;             // "gzip", "zstd", "none"
  std::uint64_t entries = 0;           // tar entries (all, incl. markers and dropped ones)

  // Against the tree of all lower layers. Directories are not counted.
  std::uint64_t files_added = 0;     // non-directory entries at a path the lower layers do not show
  std::uint64_t files_modified = 0;  // non-directory entries replacing a path the lower layers show
  std::uint64_t files_removed = 0;   // non-directory paths of lower layers hidden by this layer's whiteouts
  std::uint64_t bytes_removed = 0;   // their content bytes

  // Content of THIS layer not visible in the final image, split by cause.
  std::uint64_t overwritten_bytes = 0;  // replaced by a later entry at the same path
  std::uint64_t deleted_bytes = 0;      // removed by a whiteout, opaque dir, or a parent replaced
  std::uint64_t invisible_bytes() const { return overwritten_bytes + deleted_bytes; }

  RecordId first_record = 0;  // this layer's records: [first_record, first_record + record_count)
  std::uint32_t record_count = 0;
};

}  // namespace imgslim::analyzers
