#include <algorithm>

#include "analyzers/scan/layer_scan.h"
#include "analyzers/scan/tree_builder.h"

namespace imgslim::analyzers {

namespace {

PathId intern_with_parents(PathTable& paths, std::string_view path) {
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1))
    paths.intern(path.substr(0, slash));
  return paths.intern(path);
}

}  // namespace

ImageScan assemble_scan(std::vector<LayerScan> layers, std::vector<LayerSummary> summaries) {
  ImageScan scan;
  summaries.resize(layers.size());
  std::size_t total = 0;
  for (auto& l : layers) total += l.entries.size();
  scan.records.reserve(total);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    LayerScan& layer = layers[i];
    LayerSummary& summary = summaries[i];
    summary.index = i;
    summary.content_bytes = layer.content_bytes;
    summary.entries = layer.entry_count;
    summary.tar_bytes = layer.stats.tar_bytes;
    summary.stored_bytes = layer.stats.compressed_bytes;
    summary.compressed_computed = layer.stats.compression == "none";
    summary.compressed_bytes = summary.compressed_computed ? layer.stats.push_gzip_bytes : layer.stats.compressed_bytes;
    summary.compression = layer.stats.compression;
    summary.first_record = static_cast<RecordId>(scan.records.size());
    summary.record_count = static_cast<std::uint32_t>(layer.entries.size());
    std::size_t next_capture = 0;
    std::sort(layer.captured.begin(), layer.captured.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t e = 0; e < layer.entries.size(); ++e) {
      auto& entry = layer.entries[e];
      FileRecord rec = entry.record;
      rec.layer = static_cast<std::uint32_t>(i);
      const std::string_view path = layer.path(entry);
      rec.path = path.empty() ? kNoPath : intern_with_parents(scan.paths, path);
      if (entry.link_size > 0 || rec.type == FileType::Symlink || rec.type == FileType::Hardlink)
        rec.link_target = scan.links.intern(layer.link_target(entry));
      if (rec.path == kNoPath && !rec.opaque) continue;  // nothing to name (a whiteout of the root)
      auto id = static_cast<RecordId>(scan.records.size());
      while (next_capture < layer.captured.size() && layer.captured[next_capture].first < e) ++next_capture;
      if (next_capture < layer.captured.size() && layer.captured[next_capture].first == e) {
        CapturedContent content = std::move(layer.captured[next_capture].second);
        content.record = id;
        scan.captured.push_back(std::move(content));
        ++next_capture;
      }
      scan.records.push_back(rec);
    }
    summary.record_count = static_cast<std::uint32_t>(scan.records.size() - summary.first_record);
    layer.entries.clear();
    layer.entries.shrink_to_fit();
    layer.text.clear();
    layer.text.shrink_to_fit();
  }
  scan.layers = std::move(summaries);
  TreeBuilder(scan).run();
  return scan;
}

const CapturedContent* ImageScan::captured_for(RecordId record) const {
  auto it = std::lower_bound(captured.begin(), captured.end(), record,
                             [](const CapturedContent& c, RecordId r) { return c.record < r; });
  return it != captured.end() && it->record == record ? &*it : nullptr;
}

std::uint64_t ImageScan::total_bytes() const {
  std::uint64_t sum = 0;
  for (auto& l : layers) sum += l.content_bytes;
  return sum;
}

std::uint64_t ImageScan::compressed_bytes() const {
  std::uint64_t sum = 0;
  for (auto& l : layers) sum += l.compressed_bytes;
  return sum;
}

bool ImageScan::compressed_unknown() const {
  for (auto& l : layers)
    if (l.compressed_computed && l.compressed_bytes == 0) return true;  // a computed gzip is never empty
  return false;
}

bool ImageScan::compressed_computed() const {
  for (auto& l : layers)
    if (l.compressed_computed) return true;
  return false;
}

std::uint64_t ImageScan::tar_bytes() const {
  std::uint64_t sum = 0;
  for (auto& l : layers) sum += l.tar_bytes;
  return sum;
}

}  // namespace imgslim::analyzers
