// Fuzz body: the archive readers. The input is an uncompressed tar holding
// an image store (an oci-archive or a docker save); it is indexed in place
// (oci/archive/archive_files.cpp), opened as both an OCI layout and a docker archive
// (without digest checks, to reach the layers), and every layer is read.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "oci/archive/file_set.h"
#include "oci/layers/layer_reader.h"
#include "oci/archive/sources.h"
#include "support/error.h"

namespace imgslim_fuzz {

// The input as a file without touching the disk: a memfd, named by /proc.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size) : fd_(::memfd_create("imgslim-fuzz", 0)) {
    std::size_t done = 0;
    while (fd_ >= 0 && done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) break;
      done += std::size_t(n);
    }
  }
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

inline void read_all_layers(const imgslim::oci::Image& image) {
  for (std::size_t i = 0; i < image.layer_count(); ++i)
    (void)imgslim::oci::read_layer(image.layer(i), false, [](const imgslim::oci::TarEntry&, imgslim::oci::EntryContent* c) {
      char buf[4096];
      if (c)
        while (c->read(buf, sizeof buf)) {
        }
    });
}

}  // namespace imgslim_fuzz

inline int imgslim_fuzz_image_archive(const std::uint8_t* data, std::size_t size) {
  imgslim_fuzz::MemoryFile file(data, size);
  if (!file.ok()) return 0;
  imgslim::oci::FileSetPtr files;
  try {
    files = imgslim::oci::archive_files(file.path());
  } catch (const imgslim::Error&) {
    return 0;
  }
  imgslim::oci::OpenOptions options;
  options.verify = false;
  options.platform = "linux/amd64";
  try {
    imgslim_fuzz::read_all_layers(*imgslim::oci::open_oci_layout(files, "fuzz.tar", "", options));
  } catch (const imgslim::Error&) {
  }
  for (const char* selection : {"", "@1", "hostile/image1:latest"}) {
    try {
      imgslim_fuzz::read_all_layers(*imgslim::oci::open_docker_archive(files, "fuzz.tar", selection, options));
    } catch (const imgslim::Error&) {
    }
  }
  return 0;
}
