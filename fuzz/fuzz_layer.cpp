#include "fuzz/targets/layer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return imgslim_fuzz_layer(data, size);
}
