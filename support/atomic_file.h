// Writes an output file so that it either appears complete or not at all:
// content goes to a temporary file beside the target, which is renamed
// over the target on commit() and removed if the writer is destroyed first
// (an error, an exception). No partial output file is ever left behind.
// A target that is a stream (a device, a FIFO, a name under /dev/ or /proc/
// such as /dev/stdout) is written in place instead: it is never replaced.
#pragma once
#include <string>
#include <string_view>

namespace imgslim {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Convenience: the whole content at once.
void write_file_atomically(const std::string& path, std::string_view data);

}  // namespace imgslim
