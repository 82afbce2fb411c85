// Opens and analyzes one image for commands built on the analysis (check,
// diff, report): the Analysis plus its schema_version 1 JSON report.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analyzers/analysis.h"
#include "cli/image_options.h"

namespace imgslim::cli {

// Opens `ref` and analyzes it, with a progress line on stderr when it is a
// terminal (not with --quiet). `scan` carries the caller's extra settings.
analyzers::Analysis analyze_reference(const std::string& ref, const ImageOptions& options,
                                      analyzers::ScanOptions scan = {},
                                      const std::optional<analyzers::BaseImage>& base = std::nullopt);

struct LoadedAnalysis {
  analyzers::Analysis analysis;
  nlohmann::json report;
};

// `push_size`: compute the compressed size of layers stored uncompressed
// (costly; see ScanOptions::push_size) — only for callers that show or
// check a compressed figure (diff, report, check with max-compressed-size).
LoadedAnalysis load_analysis(const std::string& ref, const ImageOptions& options, bool push_size = false);

// Writes `text` to `path` atomically, or to stdout when path is empty or "-".
void emit_output(const std::string& path, const std::string& text);

}  // namespace imgslim::cli
