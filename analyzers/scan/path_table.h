// Interned strings (image paths, link targets): each distinct string is
// stored once in an arena and named by a dense 32-bit id. Ids are assigned
// in first-seen order, so they are deterministic for a given input.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::analyzers {

using PathId = std::uint32_t;
inline constexpr PathId kNoPath = 0xffffffffu;

class PathTable {
 public:
  PathTable() = default;
  PathTable(const PathTable&) = delete;
  PathTable& operator=(const PathTable&) = delete;
  PathTable(PathTable&&) = default;
  PathTable& operator=(PathTable&&) = default;

  // The id of `path`, adding it when new. Paths are stored as given
  // (image paths are cleaned: "usr/bin/node", no leading "/").
  PathId intern(std::string_view path);
  std::optional<PathId> find(std::string_view path) const;
  std::string_view str(PathId id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;  // arena: bytes never move once added
  std::size_t chunk_used_ = 0, chunk_size_ = 0;
  std::vector<std::string_view> views_;
  std::vector<PathId> slots_;  // open-addressing index into views_; kNoPath: empty

  std::size_t slot_of(std::string_view path, std::uint64_t hash) const;  // its slot, or the empty one to use
  void grow();
};

// "a/b/c" -> "a/b"; "a" -> "" (the root).
std::string_view parent_path(std::string_view path);
// "a/b/c" -> "c".
std::string_view base_name(std::string_view path);
// Lexical clean as Go's path.Clean, without leading "/" or "./" and without a
// trailing "/": "./usr//lib/../bin/" -> "usr/bin"; "." and "/" -> "".
std::string clean_path(std::string_view path);

}  // namespace imgslim::analyzers
