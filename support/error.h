// One error type for every failure a user can cause: it names the input
// (a file, a reference, a blob digest, "Dockerfile:12:5") and the problem.
// The CLI prints it as a single line "imgslim: INPUT: PROBLEM" and exits 2.
#pragma once
#include <stdexcept>
#include <string>

namespace imgslim {

class Error : public std::runtime_error {
 public:
  Error(std::string input, std::string problem);
  const std::string& input() const { return input_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string input_;
  std::string problem_;
};

}  // namespace imgslim
