// One entry of a layer tar, as the analyzers see it.
#pragma once
#include <cstdint>
#include <string>

namespace imgslim::oci {

enum class EntryType { File, Directory, Symlink, Hardlink, CharDevice, BlockDevice, Fifo, Other };

struct TarEntry {
  std::string path;         // cleaned: no leading "./" or "/", no trailing "/"
  EntryType type = EntryType::File;
  std::int64_t size = 0;    // tar header Size (0 for links, dirs); for sparse files: the apparent size
  std::uint32_t mode = 0;   // permission bits incl. setuid/setgid/sticky
  std::int64_t uid = 0, gid = 0;
  std::int64_t mtime = 0;
  std::string link_target;  // symlink target, or hardlink target path (cleaned)
};

// A visitor reads the content of a regular-file entry through this; bytes it
// does not read are skipped by the layer reader.
class EntryContent {
 public:
  virtual ~EntryContent() = default;
  // Up to n bytes; 0 at the end of the entry's content.
  virtual std::size_t read(void* buf, std::size_t n) = 0;
  // The next piece of content where it already lies, without a copy; valid
  // until the next call. 0 at the end. Do not mix with read() on one entry.
  virtual std::size_t next_block(const void*& data) {
    n_ = read(buffer_, sizeof buffer_);
    data = buffer_;
    return n_;
  }

 private:
  char buffer_[16 * 1024];
  std::size_t n_ = 0;
};

}  // namespace imgslim::oci
