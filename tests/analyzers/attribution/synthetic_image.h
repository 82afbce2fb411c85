// Test helper: an image built in memory, layer by layer, fed through the real
// LayerScanner + assemble_scan exactly as the layer reader would feed it.
#pragma once
#include <cstring>
#include <string>
#include <vector>

#include "analyzers/attribution/attribution.h"
#include "analyzers/scan/layer_scan.h"

namespace imgslim::analyzers::testing {

class StringContent : public oci::EntryContent {
 public:
  explicit StringContent(const std::string& data) : data_(data) {}
  std::size_t read(void* buf, std::size_t n) override {
    std::size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  const std::string& data_;
  std::size_t pos_ = 0;
};

class SyntheticLayer {
 public:
  explicit SyntheticLayer(std::string created_by) : created_by_(std::move(created_by)), scanner_(attribution_capture()) {}
  SyntheticLayer& file(const std::string& path, const std::string& content) {
    oci::TarEntry e{path, oci::EntryType::File, static_cast<std::int64_t>(content.size()), 0644, 0, 0, 0, ""};
    StringContent c(content);
    scanner_.visit(e, &c);
    bytes_ += content.size();
    return *this;
  }
  SyntheticLayer& sized(const std::string& path, std::size_t size) { return file(path, std::string(size, 'x')); }
  SyntheticLayer& symlink(const std::string& path, const std::string& target) {
    oci::TarEntry e{path, oci::EntryType::Symlink, 0, 0777, 0, 0, 0, target};
    scanner_.visit(e, nullptr);
    return *this;
  }
  SyntheticLayer& whiteout(const std::string& path) {
    auto slash = path.rfind('/');
    std::string name = slash == std::string::npos ? ".wh." + path : path.substr(0, slash + 1) + ".wh." + path.substr(slash + 1);
    return file(name, "");
  }
  const std::string& created_by() const { return created_by_; }
  std::uint64_t bytes() const { return bytes_; }
  LayerScan done() { return scanner_.take(); }

 private:
  std::string created_by_;
  LayerScanner scanner_;
  std::uint64_t bytes_ = 0;
};

inline ImageScan assemble(std::vector<SyntheticLayer>& layers, const std::string& workdir = "") {
  std::vector<LayerScan> scans;
  std::vector<LayerSummary> summaries;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    LayerSummary s;
    s.index = i;
    s.created_by = layers[i].created_by();
    s.has_history = true;
    summaries.push_back(s);
    scans.push_back(layers[i].done());
  }
  ImageScan scan = assemble_scan(std::move(scans), std::move(summaries));
  scan.config.working_dir = workdir;
  return scan;
}

// The invariant of issue 4: categories sum to the total, per image and per layer.
inline bool categories_add_up(const Attribution& a, const ImageScan& scan) {
  std::uint64_t sum = 0;
  for (Category c : kAllCategories) sum += a[c].bytes;
  if (sum != scan.total_bytes()) return false;
  for (std::size_t l = 0; l < scan.layers.size(); ++l) {
    std::uint64_t ls = 0;
    for (Category c : kAllCategories) ls += a[c].layer_bytes[l];
    if (ls != scan.layers[l].content_bytes) return false;
  }
  std::uint64_t visible = 0;
  for (Category c : kAllCategories)
    if (c != Category::Wasted) visible += a[c].bytes;
  return visible == scan.tree.bytes();
}

}  // namespace imgslim::analyzers::testing
