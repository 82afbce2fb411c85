#include "cli/load_analysis.h"

#include <cstdio>
#include <iostream>

#include "analyzers/cache/layer_cache.h"
#include "analyzers/report/analysis_report.h"
#include "analyzers/report/analysis_sections.h"
#include "support/atomic_file.h"
#include "support/progress.h"

namespace imgslim::cli {

analyzers::Analysis analyze_reference(const std::string& ref, const ImageOptions& options, analyzers::ScanOptions scan,
                                      const std::optional<analyzers::BaseImage>& base) {
  if (options.no_verify) std::cerr << "imgslim: warning: " << ref << ": digests not verified (--no-verify)\n";
  std::optional<analyzers::LayerCache> cache;
  if (!options.no_cache)
    cache.emplace(analyzers::cache_settings(options.cache_max),
                  [](const std::string& note) { std::cerr << "note: " << note << "\n"; });
  auto image = oci::open_image(ref, options.open_options());
  for (const auto& note : image->notes()) std::cerr << "note: " << ref << ": " << note << "\n";
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < image->layer_count(); ++i) {
    const auto size = image->layer(i).descriptor().size;
    if (size <= 0) {  // the engine knows its blob sizes only after the export
      total = 0;
      break;
    }
    total += std::uint64_t(size);
  }
  Progress progress(ref, total, image->layer_count(), Progress::should_show(options.quiet));
  scan.verify = !options.no_verify;
  scan.push_size = scan.push_size || options.push_size;
  scan.progress = &progress;
  if (cache) scan.cache = &*cache;
  analyzers::Analysis analysis = analyzers::analyze_image(*image, scan, base);
  progress.finish();
  return analysis;
}

LoadedAnalysis load_analysis(const std::string& ref, const ImageOptions& options, bool push_size) {
  analyzers::ScanOptions scan;
  scan.push_size = push_size;
  LoadedAnalysis out{analyze_reference(ref, options, scan), nlohmann::json::object()};
  analyzers::analysis_to_json(out.analysis, out.report);
  return out;
}

void emit_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file_atomically(path, text);
}

}  // namespace imgslim::cli
