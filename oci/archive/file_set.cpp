#include "oci/archive/file_set.h"

#include "support/error.h"

namespace imgslim::oci {

std::string FileSet::read_small(const std::string& path, std::uint64_t limit) const {
  const auto size = size_of(path);
  if (!size) throw Error(name(), "missing " + path);
  if (*size > limit)
    throw Error(name() + ": " + path,
                std::to_string(*size) + " bytes exceeds the limit of " + std::to_string(limit) + " bytes");
  std::string out(std::size_t(*size), '\0');
  auto stream = open(path);
  std::size_t done = 0;
  while (done < out.size()) {
    const std::size_t r = stream->read(out.data() + done, out.size() - done);
    if (r == 0) throw Error(name() + ": " + path, "file shrank while reading");
    done += r;
  }
  return out;
}

}  // namespace imgslim::oci
