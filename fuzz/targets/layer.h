// Fuzz body: the layer pipeline (magic-byte detection, gzip/zstd inflate,
// libarchive tar reading, sparse files, limits) over an in-memory blob, with
// a visitor that reads every file's content. Errors must be imgslim::Error.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "oci/layers/layer_reader.h"
#include "support/error.h"

namespace imgslim_fuzz {

// A ByteStream over memory, handing out small reads to exercise refills.
class MemoryStream final : public imgslim::oci::ByteStream {
 public:
  MemoryStream(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::size_t read(void* buf, std::size_t n) override {
    const std::size_t k = std::min({n, size_ - pos_, std::size_t(4093)});
    std::memcpy(buf, data_ + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

}  // namespace imgslim_fuzz

inline int imgslim_fuzz_layer(const std::uint8_t* data, std::size_t size) {
  imgslim_fuzz::MemoryStream blob(data, size);
  try {
    std::uint64_t seen = 0;
    auto stats = imgslim::oci::read_layer_stream(blob, "fuzz-layer", [&](const imgslim::oci::TarEntry& e,
                                                                         imgslim::oci::EntryContent* content) {
      if (e.path.empty() || e.path.front() == '/' || e.path.find("//") != std::string::npos) __builtin_trap();
      if (e.path == ".." || e.path.rfind("../", 0) == 0 || e.path.find("/../") != std::string::npos) __builtin_trap();
      if (!content) return;
      char buf[8192];
      while (std::size_t n = content->read(buf, sizeof buf)) seen += n;
    });
    if (stats.compressed_bytes != size) __builtin_trap();
  } catch (const imgslim::Error&) {
  }
  return 0;
}
