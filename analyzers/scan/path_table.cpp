#include "analyzers/scan/path_table.h"

#include <xxhash.h>

#include <cstring>

namespace imgslim::analyzers {

namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

std::size_t PathTable::slot_of(std::string_view path, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
    const PathId id = slots_[s];
    if (id == kNoPath || views_[id] == path) return s;
  }
}

void PathTable::grow() {
  std::vector<PathId> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, kNoPath);
  for (PathId id : old)
    if (id != kNoPath) slots_[slot_of(views_[id], XXH3_64bits(views_[id].data(), views_[id].size()))] = id;
}

PathId PathTable::intern(std::string_view path) {
  // Open addressing, load at most 1/2: 8 bytes or less per path, no node allocations.
  if (2 * (views_.size() + 1) > slots_.size()) grow();
  const std::size_t slot = slot_of(path, XXH3_64bits(path.data(), path.size()));
  if (slots_[slot] != kNoPath) return slots_[slot];
  if (chunks_.empty() || chunk_used_ + path.size() > chunk_size_) {
    chunk_size_ = path.size() > kChunk ? path.size() : kChunk;
    chunks_.push_back(std::make_unique<char[]>(chunk_size_ ? chunk_size_ : 1));
    chunk_used_ = 0;
  }
  char* dst = chunks_.back().get() + chunk_used_;
  if (!path.empty()) std::memcpy(dst, path.data(), path.size());
  chunk_used_ += path.size();
  auto id = static_cast<PathId>(views_.size());
  views_.emplace_back(dst, path.size());
  slots_[slot] = id;
  return id;
}

std::optional<PathId> PathTable::find(std::string_view path) const {
  if (slots_.empty()) return std::nullopt;
  const PathId id = slots_[slot_of(path, XXH3_64bits(path.data(), path.size()))];
  if (id == kNoPath) return std::nullopt;
  return id;
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
