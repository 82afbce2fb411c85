#include "support/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "support/error.h"

namespace imgslim {

namespace {

// A target that is not a file to replace but a stream to write into: a
// device, a FIFO or socket (also through a link), or a name under /dev/ or
// /proc/ (`-o /dev/stdout` with stdout redirected to a file: renaming over
// the name would replace the system's link).
bool is_stream_target(const std::string& path, bool& regular) {
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  regular = exists && S_ISREG(st.st_mode);
  if (path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0) return exists;
  return exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  bool regular = false;
  if (is_stream_target(path_, regular)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | (regular ? O_APPEND : 0));
    if (fd_ < 0) throw Error(path_, std::string("cannot open for writing: ") + std::strerror(errno));
    return;
  }
  std::string tmpl = path_ + ".imgslim-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  fd_ = ::mkstemp(buf.data());
  if (fd_ < 0) throw Error(path_, std::string("cannot create output file: ") + std::strerror(errno));
  temp_ = buf.data();
  ::fchmod(fd_, 0644);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(path_, std::string("cannot write output file: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  if (temp_.empty()) {  // a stream: written in place
    ::close(fd_);
    fd_ = -1;
    committed_ = true;
    return;
  }
  if (::fsync(fd_) != 0 && errno != EINVAL)
    throw Error(path_, std::string("cannot write output file: ") + std::strerror(errno));
  ::close(fd_);
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    throw Error(path_, std::string("cannot write output file: ") + std::strerror(errno));
  committed_ = true;
}

void write_file_atomically(const std::string& path, std::string_view data) {
  AtomicFile f(path);
  f.write(data);
  f.commit();
}

}  // namespace imgslim
