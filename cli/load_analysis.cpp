#include "cli/load_analysis.h"

#include <cstdio>
#include <iostream>

#include "analyzers/analysis_report.h"
#include "analyzers/analysis_sections.h"
#include "support/atomic_file.h"

namespace imgslim::cli {

LoadedAnalysis load_analysis(const std::string& ref, const ImageOptions& options) {
  if (options.no_verify) std::cerr << "imgslim: warning: " << ref << ": digests not verified (--no-verify)\n";
  auto image = oci::open_image(ref, options.open_options());
  analyzers::ScanOptions scan;
  scan.verify = !options.no_verify;
  LoadedAnalysis out{analyzers::analyze_image(*image, scan), nlohmann::json::object()};
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
