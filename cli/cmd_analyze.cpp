// imgslim analyze REF [--format text|json] [--platform P] [--no-verify] [--base REF] [-o FILE]
// Where the bytes are: per-layer sizes, dive-compatible efficiency and
// wasted bytes, and imgslim's reclaimable bytes (docs/analyze-json.md).
#include <iostream>
#include <memory>
#include <sstream>

#include "analyzers/analysis_report.h"
#include "cli/command.h"
#include "oci/image.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace imgslim::cli {

namespace {

struct AnalyzeOptions {
  std::string ref;
  std::string format = "text";
  std::string platform;
  bool no_verify = false;
  std::string base;
  std::string output;
};

int run_analyze(const AnalyzeOptions& o) {
  if (o.format != "text" && o.format != "json")
    throw Error("--format " + o.format, "unknown format (text, json)");
  if (o.no_verify) std::cerr << "imgslim: warning: --no-verify: blob digests and diff_ids are not checked\n";

  oci::OpenOptions open;
  open.platform = o.platform;
  open.verify = !o.no_verify;
  std::optional<analyzers::BaseImage> base;
  if (!o.base.empty()) {
    auto base_image = oci::open_image(o.base, open);
    base = analyzers::BaseImage{o.base, base_image->config().diff_ids};
  }
  auto image = oci::open_image(o.ref, open);
  analyzers::ScanOptions scan;
  scan.verify = open.verify;
  analyzers::Analysis analysis = analyzers::analyze_image(*image, scan, base);

  std::string text;
  if (o.format == "json") {
    text = analyzers::analysis_json_text(analysis);
  } else {
    std::ostringstream out;
    write_analysis_text(analysis, out);
    text = out.str();
  }
  if (o.output.empty() || o.output == "-") std::cout << text << std::flush;
  else write_file_atomically(o.output, text);
  return 0;
}

CommandRegistrar reg("analyze", "Where the bytes are: layers, wasted and reclaimable bytes, dive-compatible efficiency",
                     [](CLI::App& app) {
                       auto o = std::make_shared<AnalyzeOptions>();
                       app.add_option("REF", o->ref,
                                      "image: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], "
                                      "docker-daemon:NAME[:TAG], docker://HOST/REPO[:TAG], a path, or NAME[:TAG]")
                           ->required();
                       app.add_option("--format", o->format, "text (default) or json (schema_version 1)");
                       app.add_option("--platform", o->platform, "os/arch[/variant] in a multi-platform image (default: the host's)");
                       app.add_flag("--no-verify", o->no_verify, "do not check blob digests and diff_ids");
                       app.add_option("--base", o->base, "the base image: its layers are not counted as yours");
                       app.add_option("-o,--output", o->output, "write the report to FILE (atomically) instead of stdout");
                       return [o] { return run_analyze(*o); };
                     });

}  // namespace

}  // namespace imgslim::cli
