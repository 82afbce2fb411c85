#include "oci/layers/file_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "support/error.h"

namespace imgslim::oci {

ReadOnlyFile::ReadOnlyFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error(path, std::strerror(errno));
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw Error(path, std::strerror(err));
  }
  size_ = std::uint64_t(st.st_size);
  directory_ = S_ISDIR(st.st_mode);
}

ReadOnlyFile::~ReadOnlyFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t ReadOnlyFile::read_at(void* buf, std::size_t n, std::uint64_t offset) const {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd_, static_cast<char*>(buf) + done, n - done, off_t(offset + done));
    if (r < 0) {
      if (errno == EINTR) continue;
      throw Error(path_, std::string("read failed: ") + std::strerror(errno));
    }
    if (r == 0) break;
    done += std::size_t(r);
  }
  return done;
}

namespace {

class FileRangeStream final : public ByteStream {
 public:
  FileRangeStream(std::shared_ptr<const ReadOnlyFile> file, std::uint64_t offset, std::uint64_t length,
                  std::string name)
      : file_(std::move(file)), offset_(offset), left_(length), name_(std::move(name)) {}

  std::size_t read(void* buf, std::size_t n) override {
    if (left_ == 0 || n == 0) return 0;
    const std::size_t want = std::size_t(std::min<std::uint64_t>(n, left_));
    const std::size_t got = file_->read_at(buf, want, offset_);
    if (got == 0) throw Error(name_, "unexpected end of file (" + std::to_string(left_) + " bytes missing)");
    offset_ += got;
    left_ -= got;
    return got;
  }

 private:
  std::shared_ptr<const ReadOnlyFile> file_;
  std::uint64_t offset_;
  std::uint64_t left_;
  std::string name_;
};

}  // namespace

ByteStreamPtr open_file_range(std::shared_ptr<const ReadOnlyFile> file, std::uint64_t offset, std::uint64_t length,
                              std::string name) {
  return std::make_unique<FileRangeStream>(std::move(file), offset, length, std::move(name));
}

}  // namespace imgslim::oci
