// imgslim report REF -o FILE.html: one self-contained HTML report.
#include <memory>

#include <nlohmann/json.hpp>

#include "analyzers/report/html_report.h"
#include "analyzers/report/layer_explorer.h"
#include "analyzers/report/report_categories.h"
#include "analyzers/report/treemap.h"
#include "cli/command.h"
#include "cli/load_analysis.h"
#include "support/error.h"

namespace imgslim::cli {

namespace {

struct ReportCmdOptions {
  std::string ref;
  std::string output;
  ImageOptions image;
};

int run_report(const ReportCmdOptions& o) {
  if (o.output.empty() || o.output == "-") throw Error(o.ref, "report needs -o FILE.html");
  LoadedAnalysis a = load_analysis(o.ref, o.image);
  auto category_of = analyzers::record_category_function(a.analysis);
  auto tree = analyzers::build_treemap(a.analysis.scan, category_of);
  a.report["ref"] = o.ref;
  auto explorer = analyzers::layer_explorer_json(analyzers::build_layer_explorer(a.analysis.scan));
  emit_output(o.output, analyzers::render_html_report(a.report, tree, explorer));
  return 0;
}

CommandRegistrar reg_report("report", "Write a self-contained HTML report (treemap, layers, packages, findings)",
                     [](CLI::App& app) {
                       auto o = std::make_shared<ReportCmdOptions>();
                       app.add_option("REF", o->ref, "image reference")->required();
                       app.add_option("-o,--output", o->output, "the HTML file to write")->required();
                       o->image.add_to(app);
                       return [o] { return run_report(*o); };
                     });

}  // namespace

}  // namespace imgslim::cli
