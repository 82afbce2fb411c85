#include "builder/image_categories.h"

#include <filesystem>

#include "analyzers/attribution/attribution.h"
#include "analyzers/scan/base_layers.h"
#include "analyzers/scan/image_scan.h"
#include "oci/image.h"

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

// Removes the export however the scan ends.
struct ScratchFile {
  std::string path;
  ~ScratchFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

std::map<std::string, std::uint64_t> image_categories(Engine& engine, const std::string& image,
                                                      const std::string& scratch_dir) {
  std::string name = image;
  for (char& c : name)
    if (c == '/' || c == ':' || c == '@') c = '_';
  ScratchFile archive{(fs::path(scratch_dir) / (name + ".export.tar")).string()};
  engine.save_image(image, archive.path);
  auto opened = oci::open_image("docker-archive:" + archive.path);
  analyzers::ScanOptions scan_options;
  scan_options.capture = analyzers::attribution_capture();
  auto scan = analyzers::scan_image(*opened, scan_options);
  // Where the base ends, as analyze finds it: the base's files are never the app's.
  auto attribution =
      analyzers::attribute(scan, analyzers::AttributionRules::defaults(), analyzers::base_from_history(scan).layers);
  std::map<std::string, std::uint64_t> out;
  for (auto c : analyzers::kAllCategories) out[std::string(analyzers::category_id(c))] = attribution[c].bytes;
  return out;
}

}  // namespace imgslim::builder
