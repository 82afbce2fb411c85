// The tar-split record of a layer (vbatts/tar-split, as Docker's layer store
// and containers/storage keep it in tar-split.json.gz): one JSON object a
// line, in tar order, that together with the layer's files gives back the
// exact tar the layer was made from. A segment (type 2) holds raw tar bytes
// (headers, padding, the end blocks) in base64 `payload`; a file (type 1)
// names, by `name` (or base64 `name_raw` for names that are not UTF-8), the
// file whose first `size` bytes follow.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace imgslim::oci {

struct TarSplitEntry {
  enum Type { File = 1, Segment = 2 };
  int type = 0;
  std::string name;     // File: the path as the tar header wrote it
  std::int64_t size = 0;
  std::string payload;  // Segment: the raw bytes
};

// Parses one line (a flat JSON object); throws imgslim::Error naming `name`.
TarSplitEntry parse_tar_split_line(std::string_view line, const std::string& name);

// Reads a tar-split.json.gz file line by line.
class TarSplitReader {
 public:
  // Throws imgslim::Error naming `path` when it cannot be opened.
  explicit TarSplitReader(const std::string& path);
  ~TarSplitReader();
  TarSplitReader(const TarSplitReader&) = delete;
  TarSplitReader& operator=(const TarSplitReader&) = delete;
  // False at the end.
  bool next(TarSplitEntry& entry);

 private:
  bool fill();
  std::string path_;
  void* gz_ = nullptr;
  std::string buf_;
  std::size_t at_ = 0;
  bool eof_ = false;
};

}  // namespace imgslim::oci
