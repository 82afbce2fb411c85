// The files of an image store, by relative path: an OCI layout directory, an
// extracted docker save, or the members of a tar archive (oci-archive,
// docker-archive) read in place by offset. Sources read manifests, configs
// and blobs through this, so one layout reader serves both directories and
// archives.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "oci/byte_stream.h"

namespace imgslim::oci {

class FileSet {
 public:
  virtual ~FileSet() = default;
  // The directory or archive path, for messages.
  virtual const std::string& name() const = 0;
  // Size of a regular file (links followed); nullopt when there is none.
  virtual std::optional<std::uint64_t> size_of(const std::string& path) const = 0;
  // Opens a regular file; throws imgslim::Error when it is missing.
  virtual ByteStreamPtr open(const std::string& path) const = 0;

  // A whole small file (JSON). Errors when missing or larger than `limit`.
  std::string read_small(const std::string& path, std::uint64_t limit) const;
  bool contains(const std::string& path) const { return size_of(path).has_value(); }
};

using FileSetPtr = std::shared_ptr<const FileSet>;

FileSetPtr directory_files(const std::string& dir);
// Indexes the tar archive once (member offsets); throws imgslim::Error when
// `path` is not a readable, uncompressed tar archive.
FileSetPtr archive_files(const std::string& path);

}  // namespace imgslim::oci
