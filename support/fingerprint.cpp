#include "support/fingerprint.h"

#include <cstdint>
#include <cstdio>

namespace imgslim {

namespace {

void mix(std::uint64_t& h, unsigned char c) {
  h ^= c;
  h *= 0x100000001b3ULL;
}

}  // namespace

std::string fingerprint(const std::vector<std::string>& parts) {
  std::uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
  for (const auto& part : parts) {
    // The length first, so ("ab", "c") and ("a", "bc") differ.
    std::uint64_t n = part.size();
    for (int i = 0; i < 8; ++i) {
      mix(a, static_cast<unsigned char>(n >> (8 * i)));
      mix(b, static_cast<unsigned char>(n >> (8 * i)));
    }
    for (unsigned char c : part) {
      mix(a, c);
      mix(b, static_cast<unsigned char>(c ^ 0x5a));
    }
  }
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return out;
}

}  // namespace imgslim
