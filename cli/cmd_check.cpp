// imgslim check REF: the size budget gate for CI.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "analyzers/gate/budget.h"
#include "analyzers/gate/budget_rules.h"
#include "analyzers/gate/check_report.h"
#include "analyzers/gate/check_subject_builder.h"
#include "cli/command.h"
#include "cli/load_analysis.h"
#include "dockerfiles/instructions/layer_steps.h"
#include "dockerfiles/syntax/parser.h"
#include "dockerfiles/syntax/source_file.h"
#include "support/error.h"
#include "support/terminal.h"

namespace imgslim::cli {

namespace {

struct CheckOptions {
  std::string ref;
  std::string budget;
  std::string baseline;
  std::string dockerfile;
  std::string format = "text";
  std::string output;
  ImageOptions image;
};

int run_check(const CheckOptions& o) {
  std::string budget_path = o.budget;
  if (budget_path.empty()) {
    auto found = analyzers::find_budget_file(".");
    if (!found)
      throw Error(o.ref, "no budget file: pass --budget FILE or add .imgslim.yaml (or .dive-ci) to this directory or a parent");
    budget_path = *found;
  }
  analyzers::BudgetFile budgets = analyzers::load_budget_file(budget_path);
  const analyzers::Budget* budget = analyzers::select_budget(budgets, o.ref);
  if (!budget) throw Error(budget_path, "no budget's `image:` glob matches " + o.ref);

  // Parse the Dockerfile before the (slow) analysis so its errors come first.
  std::optional<dockerfiles::Tree> dockerfile;
  if (!o.dockerfile.empty()) dockerfile = dockerfiles::parse(dockerfiles::read_dockerfile(o.dockerfile), o.dockerfile);

  // Gzipping uncompressed layers costs CPU: only when a rule reads the result.
  LoadedAnalysis image = load_analysis(o.ref, o.image, budget->max_compressed_size.has_value());
  analyzers::CheckSubject subject = analyzers::make_check_subject(image.analysis, image.report);
  subject.ref = o.ref;
  std::optional<analyzers::CheckSubject> baseline;
  if (!o.baseline.empty()) {
    LoadedAnalysis base = load_analysis(o.baseline, o.image, false);  // max-growth compares final sizes
    baseline = analyzers::make_check_subject(base.analysis, base.report);
    baseline->ref = o.baseline;
  }

  analyzers::CheckReport report;
  report.ref = o.ref;
  report.budget_file = budget_path;
  report.budget_line = budget->line;
  report.budget_image = budget->image;
  report.outcomes = analyzers::evaluate_budget(*budget, subject, baseline ? &*baseline : nullptr);
  report.locations.resize(report.outcomes.size());
  if (dockerfile) {
    std::vector<std::string> created_by;
    for (const auto& l : image.analysis.scan.layers) created_by.push_back(l.created_by);
    auto steps = dockerfiles::map_layers_to_steps(*dockerfile, created_by);
    for (std::size_t i = 0; i < report.outcomes.size(); ++i) {
      const auto& layer = report.outcomes[i].layer;
      if (!layer || *layer >= steps.size() || !steps[*layer]) continue;
      const auto& st = *steps[*layer];
      report.locations[i] = analyzers::SourceLocation{o.dockerfile, st.at.line, st.at.column, st.instruction};
    }
  }

  std::string text;
  if (o.format == "text") text = analyzers::render_check_text(report, o.output.empty() && use_color(stdout));
  else if (o.format == "json") text = analyzers::render_check_json(report);
  else if (o.format == "junit") text = analyzers::render_check_junit(report);
  else if (o.format == "sarif") text = analyzers::render_check_sarif(report);
  else if (o.format == "codeclimate") text = analyzers::render_check_codeclimate(report);
  else text = analyzers::render_check_markdown(report);
  emit_output(o.output, text);

  // GitHub Actions reads workflow commands from stdout; they are extra lines,
  // so only added when stdout is not the machine-readable document itself.
  const char* gha = std::getenv("GITHUB_ACTIONS");
  if (gha && std::string(gha) == "true" && (o.format == "text" || !o.output.empty())) {
    std::string ann = analyzers::render_github_annotations(report);
    std::fwrite(ann.data(), 1, ann.size(), stdout);
  }
  return report.failed() ? 1 : 0;
}

CommandRegistrar reg_check("check", "Fail when an image exceeds its size budget (exit 0 pass, 1 fail, 2 error)",
                     [](CLI::App& app) {
                       auto o = std::make_shared<CheckOptions>();
                       app.add_option("REF", o->ref, "image reference")->required();
                       app.add_option("--budget", o->budget, "budget file (default: .imgslim.yaml / .dive-ci upward)");
                       app.add_option("--baseline", o->baseline, "baseline image for max-growth");
                       app.add_option("--dockerfile", o->dockerfile, "Dockerfile to point findings at");
                       app.add_option("--format", o->format, "text|json|junit|sarif|markdown|codeclimate (GitLab Code Quality)")
                           ->check(CLI::IsMember({"text", "json", "junit", "sarif", "markdown", "codeclimate"}));
                       app.add_option("-o,--output", o->output, "write the report to FILE");
                       o->image.add_to(app);
                       return [o] { return run_check(*o); };
                     });

}  // namespace

}  // namespace imgslim::cli
