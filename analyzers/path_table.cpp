#include "analyzers/path_table.h"

#include <cstring>

namespace imgslim::analyzers {

namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

PathId PathTable::intern(std::string_view path) {
  if (auto it = ids_.find(path); it != ids_.end()) return it->second;
  if (chunks_.empty() || chunk_used_ + path.size() > chunk_size_) {
    chunk_size_ = path.size() > kChunk ? path.size() : kChunk;
    chunks_.push_back(std::make_unique<char[]>(chunk_size_ ? chunk_size_ : 1));
    chunk_used_ = 0;
  }
  char* dst = chunks_.back().get() + chunk_used_;
  if (!path.empty()) std::memcpy(dst, path.data(), path.size());
  chunk_used_ += path.size();
  std::string_view stored(dst, path.size());
  auto id = static_cast<PathId>(views_.size());
  views_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

std::optional<PathId> PathTable::find(std::string_view path) const {
  if (auto it = ids_.find(path); it != ids_.end()) return it->second;
  return std::nullopt;
}

std::string_view parent_path(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string clean_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part.empty() || part == ".") {
    } else if (part == "..") {
      if (!parts.empty()) parts.pop_back();  // rooted: ".." at the top stays at the top
    } else {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out;
}

}  // namespace imgslim::analyzers
