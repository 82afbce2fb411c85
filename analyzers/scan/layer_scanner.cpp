#include <xxhash.h>

#include <memory>

#include "analyzers/scan/layer_scan.h"

namespace imgslim::analyzers {

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kMetaPrefix = ".wh..wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

struct HashState {
  XXH3_state_t* state = XXH3_createState();
  ~HashState() { XXH3_freeState(state); }
};

// Appends `dir/name` (or `name` at the root) to `text`; returns where it starts and its size.
void add_name(std::string& text, std::string_view dir, std::string_view name, std::uint64_t& at, std::uint32_t& size) {
  at = text.size();
  if (!dir.empty()) {
    text += dir;
    text += '/';
  }
  text += name;
  size = static_cast<std::uint32_t>(text.size() - at);
}

}  // namespace

LayerScanner::LayerScanner(CapturePredicate capture, std::size_t capture_limit)
    : capture_(std::move(capture)), capture_limit_(capture_limit) {}

void LayerScanner::visit(const oci::TarEntry& entry, oci::EntryContent* content) {
  ++scan_.entry_count;
  std::string path = clean_path(entry.path);
  if (path.empty()) return;  // "." / "/": the layer root itself
  if (entry.size > 0) scan_.content_bytes += static_cast<std::uint64_t>(entry.size);

  LayerScan::Entry out;
  FileRecord& rec = out.record;
  rec.type = entry.type;
  rec.mode = entry.mode;
  rec.uid = entry.uid;
  rec.gid = entry.gid;
  rec.size = entry.size;

  std::string_view base = base_name(path);
  if (base.starts_with(kWhiteoutPrefix)) {
    if (base == kOpaqueMarker) {
      rec.opaque = true;
      add_name(scan_.text, {}, parent_path(path), out.path_at, out.path_size);
    } else if (base.starts_with(kMetaPrefix)) {
      return;  // aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not part of the filesystem
    } else {
      rec.whiteout = true;
      add_name(scan_.text, parent_path(path), base.substr(kWhiteoutPrefix.size()), out.path_at, out.path_size);
    }
    scan_.entries.push_back(out);
    return;
  }
  add_name(scan_.text, {}, path, out.path_at, out.path_size);
  if (entry.type == oci::EntryType::Hardlink)
    add_name(scan_.text, {}, clean_path(entry.link_target), out.link_at, out.link_size);
  else if (entry.type == oci::EntryType::Symlink)
    add_name(scan_.text, {}, entry.link_target, out.link_at, out.link_size);

  if (entry.type == oci::EntryType::File && content != nullptr) {
    bool keep = capture_ && capture_(path, entry.size);
    CapturedContent captured;
    thread_local HashState hash;  // one state per thread: no allocation per file
    XXH3_64bits_reset(hash.state);
    const void* block = nullptr;
    std::size_t n;
    while ((n = content->next_block(block)) > 0) {
      XXH3_64bits_update(hash.state, block, n);
      if (keep) {
        std::size_t room = capture_limit_ - captured.bytes.size();
        if (n > room) captured.truncated = true;
        captured.bytes.append(static_cast<const char*>(block), n < room ? n : room);
      }
    }
    rec.content_hash = XXH3_64bits_digest(hash.state);
    if (keep) scan_.captured.emplace_back(scan_.entries.size(), std::move(captured));
  } else if (entry.type == oci::EntryType::File) {
    rec.content_hash = XXH3_64bits(nullptr, 0);
  }
  scan_.entries.push_back(out);
}

}  // namespace imgslim::analyzers
