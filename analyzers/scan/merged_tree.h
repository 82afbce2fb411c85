// The final filesystem of an image: layers applied in order with OCI
// whiteout semantics. Every path shown in the final image maps to the record
// that last wrote it (or to an implicit directory: a parent that no layer
// has an entry for).
#pragma once
#include <cstdint>
#include <vector>

#include "analyzers/scan/file_record.h"

namespace imgslim::analyzers {

inline constexpr RecordId kImplicitDir = 0xfffffffeu;

class MergedTree {
 public:
  struct Node {
    PathId path;
    RecordId record;  // kImplicitDir for a directory no layer has an entry for
  };

  // Final nodes, ordered by path (byte order of the path strings).
  const std::vector<Node>& nodes() const { return nodes_; }
  // The record shown at `path`, kImplicitDir, or kNoRecord when absent.
  RecordId record_at(PathId path) const {
    return path < by_path_.size() ? by_path_[path] : kNoRecord;
  }
  bool contains(PathId path) const { return record_at(path) != kNoRecord; }

  std::uint64_t bytes() const { return bytes_; }  // content bytes visible (hardlinked content once)
  std::uint64_t files() const { return files_; }  // non-directory nodes
  std::uint64_t directories() const { return dirs_; }

 private:
  friend class TreeBuilder;
  std::vector<Node> nodes_;
  std::vector<RecordId> by_path_;  // indexed by PathId
  std::uint64_t bytes_ = 0, files_ = 0, dirs_ = 0;
};

}  // namespace imgslim::analyzers
