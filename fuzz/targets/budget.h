// Fuzz body: budget files (.imgslim.yaml / .dive-ci) and budget matching.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "analyzers/gate/budget.h"
#include "support/error.h"

inline int imgslim_fuzz_budget(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto f = imgslim::analyzers::parse_budget_text(text, "fuzz.yaml");
    (void)imgslim::analyzers::select_budget(f, "docker://127.0.0.1:5000/backend:latest");
  } catch (const imgslim::Error&) {
  }
  return 0;
}
