// Reading local files: a shared read-only descriptor read with pread (safe
// to use from several threads), and a ByteStream over a byte range of it
// (a blob in a layout directory, or a member inside an archive).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "oci/byte_stream.h"

namespace imgslim::oci {

class ReadOnlyFile {
 public:
  // Throws imgslim::Error naming `path` when it cannot be opened.
  explicit ReadOnlyFile(const std::string& path);
  ~ReadOnlyFile();
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  bool is_directory() const { return directory_; }
  // Up to n bytes at offset; fewer only at the end of the file.
  std::size_t read_at(void* buf, std::size_t n, std::uint64_t offset) const;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  bool directory_ = false;
};

// `length` bytes of `file` from `offset`; a file shorter than that is an
// error naming `name` (truncated archive or blob).
ByteStreamPtr open_file_range(std::shared_ptr<const ReadOnlyFile> file, std::uint64_t offset, std::uint64_t length,
                              std::string name);

}  // namespace imgslim::oci
