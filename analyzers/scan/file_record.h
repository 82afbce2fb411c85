// One tar entry of one layer, as the analyzers keep it: path interned, no
// content (only its xxh3-64 hash), whiteouts already decoded.
#pragma once
#include <cstdint>

#include "analyzers/scan/path_table.h"
#include "oci/layers/tar_entry.h"

namespace imgslim::analyzers {

using FileType = oci::EntryType;
using RecordId = std::uint32_t;
inline constexpr RecordId kNoRecord = 0xffffffffu;

struct FileRecord {
  PathId path = kNoPath;         // for a whiteout: the removed path; for opaque: the directory
  PathId link_target = kNoPath;  // symlink target (as written) or hardlink target path, in ImageScan::links
  std::uint32_t layer = 0;       // layer index (0 = bottom)
  FileType type = FileType::File;
  bool whiteout = false;         // ".wh.NAME": removes `path` (and everything below) from lower layers
  bool opaque = false;           // ".wh..wh..opq": hides lower layers' children of directory `path`
  std::uint32_t mode = 0;        // permission bits incl. setuid/setgid/sticky
  std::int64_t uid = 0, gid = 0;
  std::int64_t size = 0;         // tar header size (0 for dirs, links, whiteouts)
  std::uint64_t content_hash = 0;  // xxh3-64 of the content (regular files; 0 otherwise)

  bool is_marker() const { return whiteout || opaque; }
  bool is_dir() const { return type == FileType::Directory && !is_marker(); }
};

}  // namespace imgslim::analyzers
