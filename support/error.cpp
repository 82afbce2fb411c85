#include "support/error.h"

namespace imgslim {

namespace {
std::string join(const std::string& input, const std::string& problem) {
  if (input.empty()) return problem;
  return input + ": " + problem;
}
}  // namespace

Error::Error(std::string input, std::string problem)
    : std::runtime_error(join(input, problem)), input_(std::move(input)), problem_(std::move(problem)) {}

}  // namespace imgslim
