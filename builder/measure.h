// Measure: build each Dockerfile variant against one context with the real
// engine, smoke-check each image, and compare sizes against the first
// variant (the original). Used by `imgslim rewrite --measure`.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "builder/build_times.h"
#include "builder/engine.h"
#include "builder/smoke.h"

namespace imgslim::builder {

struct Variant {
  std::string name;        // "original", "multi-stage", ..., "all"
  std::string dockerfile;  // path
};

using Categorizer = std::function<std::map<std::string, std::uint64_t>(const std::string& image)>;

struct MeasureOptions {
  std::string context;
  std::vector<std::string> build_args;  // NAME=value
  std::vector<std::string> secrets;     // id=...,src=...
  std::string target;
  std::string platform;
  std::string network;                  // build network: none | host | "" (engine default)
  SmokeOptions smoke;
  bool keep = false;                    // keep images (and print their tags)
  std::string log_dir;                  // build logs; default: $TMPDIR/imgslim-measure-<hash>
  Categorizer categorize;               // optional: bytes per category of an image
  bool build_times = false;             // also time a cold build and a rebuild after a source change (build_times.h)
  std::function<void(const std::string&)> progress;  // one line per step, for stderr
};

struct VariantResult {
  std::string name;
  std::string dockerfile;
  std::string image;           // imgslim-measure/<hash>:<name>
  std::string log_path;
  bool built = false;
  std::string error;           // build failure: last log lines
  double build_seconds = 0;
  ImageFacts facts;
  SmokeResult smoke;
  std::map<std::string, std::uint64_t> categories;  // category id -> bytes (when categorized)
  std::string categories_error;                     // why categorizing failed
  std::optional<BuildTimes> times;                  // with MeasureOptions::build_times
  bool ok() const { return built && smoke.ok && (!times || times->ok()); }
};

struct MeasureReport {
  std::string engine;
  std::string run_id;  // the <hash> of the image tags
  std::vector<VariantResult> variants;
  bool kept = false;
  // 0 when every variant built and passed its smoke check, else 1.
  int exit_code() const;
};

// Builds, inspects and smoke-checks every variant in order; a failing
// variant is recorded and the others are still measured. Images are
// removed afterwards unless options.keep. Throws imgslim::Error for bad
// input (no variants, a missing Dockerfile or context).
MeasureReport measure_variants(Engine& engine, const std::vector<Variant>& variants, const MeasureOptions& options);

// "text" (aligned table), "json" (schema_version 1) or "markdown" (a PR comment).
std::string render_measure(const MeasureReport& report, const std::string& format);

}  // namespace imgslim::builder
