// imgslim diff OLD NEW: what changed between two images.
#include <memory>

#include "analyzers/gate/check_subject_builder.h"
#include "analyzers/diff/image_diff.h"
#include "cli/command.h"
#include "cli/load_analysis.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::cli {

namespace {

struct DiffOptions {
  std::string old_ref, new_ref;
  std::string format = "text";
  std::string output;
  std::string threshold = "100kB";
  ImageOptions image;
};

int run_diff(const DiffOptions& o) {
  auto threshold = parse_size(o.threshold);
  if (!threshold) throw Error("--threshold", "'" + o.threshold + "' is not a size");
  LoadedAnalysis a = load_analysis(o.old_ref, o.image);
  LoadedAnalysis b = load_analysis(o.new_ref, o.image);
  auto old_side = analyzers::make_diff_side(a.analysis, a.report);
  auto new_side = analyzers::make_diff_side(b.analysis, b.report);
  old_side.ref = o.old_ref;
  new_side.ref = o.new_ref;
  auto d = analyzers::diff_images(old_side, new_side, *threshold);
  std::string text = o.format == "json"       ? analyzers::render_diff_json(d)
                     : o.format == "markdown" ? analyzers::render_diff_markdown(d)
                                              : analyzers::render_diff_text(d);
  emit_output(o.output, text);
  return 0;
}

CommandRegistrar reg_diff("diff", "What changed between two images: layers, categories, packages, files",
                     [](CLI::App& app) {
                       auto o = std::make_shared<DiffOptions>();
                       app.add_option("OLD", o->old_ref, "the image before")->required();
                       app.add_option("NEW", o->new_ref, "the image after")->required();
                       app.add_option("--format", o->format, "text|json|markdown")
                           ->check(CLI::IsMember({"text", "json", "markdown"}));
                       app.add_option("--threshold", o->threshold, "list files whose size changed by at least this much");
                       app.add_option("-o,--output", o->output, "write the diff to FILE");
                       o->image.add_to(app);
                       return [o] { return run_diff(*o); };
                     });

}  // namespace

}  // namespace imgslim::cli
