// imgslim analyze REF [--format text|json] [image options] [--base REF] [--no-attribution] [--config FILE] [-o FILE]
// Where the bytes are: per-layer sizes, dive-compatible efficiency and
// wasted bytes, imgslim's reclaimable bytes and the attribution of every
// byte to a category, package and step (docs/analyze-json.md, docs/attribution.md).
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "analyzers/report/analysis_report.h"
#include "analyzers/gate/budget.h"
#include "cli/command.h"
#include "cli/image_options.h"
#include "cli/load_analysis.h"
#include "support/phase_timer.h"
#include "oci/image.h"
#include "support/error.h"

namespace imgslim::cli {

namespace {

struct AnalyzeOptions {
  std::string ref;
  std::string format = "text";
  ImageOptions image;
  std::string base;
  std::string output;
  bool no_attribution = false;
  std::string config;
};

int run_analyze(const AnalyzeOptions& o) {
  if (o.format != "text" && o.format != "json")
    throw Error("--format " + o.format, "unknown format (text, json)");
  analyzers::ReportOptions report;
  report.attribution = !o.no_attribution;
  if (!o.config.empty()) {
    if (!std::filesystem::is_regular_file(o.config)) throw Error(o.config, "no such config file");
    report.rules_file = o.config;
  } else if (auto found = analyzers::find_budget_file(".")) {
    report.rules_file = *found;
  }

  std::optional<analyzers::BaseImage> base;
  if (!o.base.empty()) {
    auto base_image = oci::open_image(o.base, o.image.open_options());
    for (const auto& note : base_image->notes()) std::cerr << "note: " << o.base << ": " << note << "\n";
    base = analyzers::BaseImage{o.base, base_image->config().diff_ids};
  }
  analyzers::ScanOptions scan;
  scan.capture_sections = report.attribution;
  analyzers::Analysis analysis = analyze_reference(o.ref, o.image, scan, base);

  std::string text;
  PhaseTimer rendering("render " + o.format);
  if (o.format == "json") {
    text = analyzers::analysis_json_text(analysis, report);
  } else {
    std::ostringstream out;
    write_analysis_text(analysis, out, report);
    text = out.str();
  }
  emit_output(o.output, text);
  return 0;
}

CommandRegistrar reg_analyze("analyze",
                     "Where the bytes are: layers, categories, packages, wasted and reclaimable bytes, dive's efficiency",
                     [](CLI::App& app) {
                       auto o = std::make_shared<AnalyzeOptions>();
                       app.add_option("REF", o->ref,
                                      "image: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], "
                                      "docker-daemon:NAME[:TAG], podman:NAME[:TAG], docker://HOST/REPO[:TAG], a path, "
                                      "or NAME[:TAG] (the Docker engine)")
                           ->required();
                       app.add_option("--format", o->format, "text (default) or json (schema_version 1)");
                       o->image.add_to(app);
                       app.add_option("--base", o->base, "the base image: its layers are not counted as yours");
                       app.add_flag("--no-attribution", o->no_attribution,
                                    "skip categories, packages and findings (layers and waste only)");
                       app.add_option("--config", o->config,
                                      "attribution rules file (default: .imgslim.yaml found upward from here)");
                       app.add_option("-o,--output", o->output, "write the report to FILE (atomically) instead of stdout");
                       return [o] { return run_analyze(*o); };
                     });

}  // namespace

}  // namespace imgslim::cli
