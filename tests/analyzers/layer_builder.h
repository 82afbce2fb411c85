// Test helper: layers as in-memory tar-entry sequences, fed through the real
// LayerScanner exactly as the layer reader feeds it.
#pragma once
#include <cstring>
#include <string>
#include <vector>

#include "analyzers/scan/layer_scan.h"

namespace imgslim::analyzers::testing {

class MemoryContent : public oci::EntryContent {
 public:
  explicit MemoryContent(std::string data) : data_(std::move(data)) {}
  std::size_t read(void* buf, std::size_t n) override {
    std::size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

class LayerBuilder {
 public:
  explicit LayerBuilder(CapturePredicate capture = {}) : scanner_(std::move(capture)) {}
  LayerBuilder& dir(const std::string& path, std::uint32_t mode = 0755) {
    return add(path, oci::EntryType::Directory, "", mode);
  }
  LayerBuilder& file(const std::string& path, const std::string& content, std::uint32_t mode = 0644) {
    return add(path, oci::EntryType::File, content, mode);
  }
  // A file of `size` bytes of `fill`.
  LayerBuilder& sized(const std::string& path, std::size_t size, char fill = 'x') {
    return file(path, std::string(size, fill));
  }
  LayerBuilder& symlink(const std::string& path, const std::string& target) {
    oci::TarEntry e{path, oci::EntryType::Symlink, 0, 0777, 0, 0, 0, target};
    scanner_.visit(e, nullptr);
    return *this;
  }
  LayerBuilder& hardlink(const std::string& path, const std::string& target) {
    oci::TarEntry e{path, oci::EntryType::Hardlink, 0, 0644, 0, 0, 0, target};
    scanner_.visit(e, nullptr);
    return *this;
  }
  LayerBuilder& whiteout(const std::string& path) {
    auto slash = path.rfind('/');
    std::string name = slash == std::string::npos ? ".wh." + path
                                                  : path.substr(0, slash + 1) + ".wh." + path.substr(slash + 1);
    return add(name, oci::EntryType::File, "", 0644);
  }
  LayerBuilder& opaque(const std::string& dir) { return add(dir + "/.wh..wh..opq", oci::EntryType::File, "", 0644); }
  LayerScan done() { return scanner_.take(); }

 private:
  LayerBuilder& add(const std::string& path, oci::EntryType type, const std::string& content, std::uint32_t mode) {
    oci::TarEntry e{path, type, static_cast<std::int64_t>(content.size()), mode, 0, 0, 0, ""};
    MemoryContent c(content);
    scanner_.visit(e, type == oci::EntryType::File ? &c : nullptr);
    return *this;
  }
  LayerScanner scanner_;
};

inline ImageScan assemble(std::vector<LayerBuilder> layers) {
  std::vector<LayerScan> scans;
  for (auto& l : layers) scans.push_back(l.done());
  return assemble_scan(std::move(scans));
}

// The merged tree as "path type size" lines, for readable assertions.
inline std::vector<std::string> tree_lines(const ImageScan& scan) {
  std::vector<std::string> out;
  for (auto& n : scan.tree.nodes()) {
    std::string line(scan.paths.str(n.path));
    if (n.record == kImplicitDir) {
      line += " d";
    } else {
      auto& r = scan.records[n.record];
      line += r.is_dir() ? " d" : r.type == oci::EntryType::Symlink ? " l" : r.type == oci::EntryType::Hardlink ? " h" : " f";
      if (r.type == oci::EntryType::File) line += " " + std::to_string(r.size);
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace imgslim::analyzers::testing
