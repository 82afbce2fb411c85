// Small file helpers shared by the project-facts readers.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace imgslim::dockerfiles::facts_files {

std::optional<std::string> read_text(const std::string& path);
bool exists(const std::string& path);
std::string join(const std::string& dir, const std::string& name);
// Source files (.js .mjs .cjs .ts) under dir, skipping node_modules, dot
// folders and build output; at most `limit` files, sorted.
std::vector<std::string> source_files(const std::string& dir, std::size_t limit = 400);

}  // namespace imgslim::dockerfiles::facts_files
