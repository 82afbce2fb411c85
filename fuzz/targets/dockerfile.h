// Fuzz body: the Dockerfile parser must never crash; what it accepts must
// print back byte for byte, dump, and derive typed instructions (or reject
// them with imgslim::Error).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"

inline int imgslim_fuzz_dockerfile(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto tree = imgslim::dockerfiles::parse(text, "fuzz.Dockerfile");
    if (imgslim::dockerfiles::print(tree) != text) std::abort();  // the round trip is the contract
    (void)imgslim::dockerfiles::dump(tree);
    try {
      (void)imgslim::dockerfiles::build_instructions(tree);
    } catch (const imgslim::Error&) {
    }
  } catch (const imgslim::Error&) {
  }
  return 0;
}
