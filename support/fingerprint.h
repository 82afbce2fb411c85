// A stable fingerprint of a few strings: 32 hex digits, the same on every run
// and machine (two FNV-1a 64-bit hashes over the length-prefixed parts).
// For report formats that track an issue across runs (GitLab Code Quality);
// not a cryptographic hash.
#pragma once
#include <string>
#include <vector>

namespace imgslim {

std::string fingerprint(const std::vector<std::string>& parts);

}  // namespace imgslim
