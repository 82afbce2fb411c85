#include "fuzz/targets/image_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return imgslim_fuzz_image_archive(data, size);
}
