#include "fuzz/targets/shell_expand.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return imgslim_fuzz_shell_expand(data, size);
}
