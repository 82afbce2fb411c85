// Small path helpers shared by the project-facts readers (files themselves
// are read through support/rooted_dir.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace imgslim::dockerfiles::facts_files {

std::string join(const std::string& dir, const std::string& name);
// Source files (.js .mjs .cjs .ts) under dir, skipping node_modules, dot
// folders and build output; at most `limit` files, sorted.
std::vector<std::string> source_files(const std::string& dir, std::size_t limit = 400);

}  // namespace imgslim::dockerfiles::facts_files
