#include "oci/engine/store_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "oci/engine/docker_store.h"

namespace imgslim::oci {

std::string read_store_file(const std::string& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    throw StoreUnavailable(path, std::string("cannot be read: ") + std::strerror(errno) +
                                     (errno == EACCES ? " (the engine's store needs root)" : ""));
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, std::size_t(n));
    if (out.size() > limit) {
      ::close(fd);
      throw StoreUnavailable(path, "is larger than expected");
    }
  }
  ::close(fd);
  return out;
}

}  // namespace imgslim::oci
