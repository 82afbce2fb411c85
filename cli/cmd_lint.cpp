// imgslim lint DOCKERFILE [--format text|json|sarif|codeclimate] [--ignore RULE]
//   [--failure-threshold error|warning|info] [--context DIR] [--config FILE]
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/image_options.h"
#include "cli/image_path_facts.h"
#include "cli/load_analysis.h"
#include "dockerfiles/lint/base_image_facts.h"
#include "dockerfiles/lint/lint.h"
#include "dockerfiles/project/facts.h"
#include "dockerfiles/lint/config.h"
#include "dockerfiles/lint/output.h"
#include "dockerfiles/syntax/parser.h"
#include "dockerfiles/syntax/source_file.h"
#include "support/error.h"

namespace {

struct LintCliOptions {
  std::string path;
  std::string format = "text";
  std::vector<std::string> ignore;
  std::string threshold;
  std::string context;
  std::string config;
  bool read_base = false;   // --read-base: read the final stage's base image
  std::string base_image;   // --base-image REF: read this reference as that base
  imgslim::cli::ImageOptions image;
};

// The final stage's base image's PATH executables, for healthcheck-command-missing.
imgslim::dockerfiles::BaseImageFacts read_base_image(const std::string& ref, const imgslim::cli::ImageOptions& options) {
  auto loaded = imgslim::cli::load_analysis(ref, options);
  imgslim::compose::ImageFacts facts;
  imgslim::cli::fill_path_facts(loaded.analysis.scan, facts);
  return {ref, facts.path, facts.executables};
}

int run_lint(const LintCliOptions& o) {
  using namespace imgslim::dockerfiles;
  namespace fs = std::filesystem;
  LintConfig cfg;
  std::string config_path = o.config.empty() ? find_lint_config(o.path) : o.config;
  if (!config_path.empty()) cfg = load_lint_config(config_path);

  LintOptions opts;
  opts.ignore = cfg.ignore;
  for (const std::string& id : o.ignore) {
    if (!find_rule(id)) throw imgslim::Error("--ignore " + id, "unknown rule id (see docs/lint-rules.md)");
    opts.ignore.insert(id);
  }
  Severity threshold = cfg.failure_threshold.value_or(Severity::Warning);
  if (!o.threshold.empty()) threshold = *parse_severity(o.threshold);
  if (!o.context.empty()) {
    if (!fs::is_directory(o.context)) throw imgslim::Error(o.context, "build context is not a directory");
    opts.context_dir = o.context;
  } else if (o.path != "-") {
    fs::path parent = fs::path(o.path).parent_path();
    opts.context_dir = parent.empty() ? "." : parent.string();
  }
  opts.dockerfile_path = o.path == "-" ? "" : o.path;

  std::string text = read_dockerfile(o.path);
  Tree tree = parse(text, o.path == "-" ? "Dockerfile" : o.path);
  Dockerfile df = build_instructions(tree);
  std::vector<std::string> notes;
  opts.notes = &notes;
  // The project's facts make the fix texts name its own files; a package.json
  // that does not parse leaves them generic (lint still runs).
  std::optional<ProjectFacts> facts;
  if (!opts.context_dir.empty()) {
    try {
      facts = read_project_facts(opts.context_dir, &df);
      opts.facts = &*facts;
    } catch (const imgslim::Error& e) {
      notes.push_back(std::string(e.what()) + "; fix texts stay generic");
    }
  }
  std::optional<BaseImageFacts> base;
  if (o.read_base || !o.base_image.empty()) {
    std::string ref = o.base_image.empty() ? final_base_image(df) : o.base_image;
    if (ref.empty()) throw imgslim::Error("--read-base", "the final stage is FROM scratch: there is no base image to read");
    base = read_base_image(ref, o.image);
    opts.base_image = &*base;
  }
  std::vector<Finding> findings = lint(tree, df, opts);

  if (o.format == "json") {
    std::cout << format_findings_json(findings);
  } else if (o.format == "sarif") {
    std::cout << format_findings_sarif(findings);
  } else if (o.format == "codeclimate") {
    std::cout << format_findings_codeclimate(findings);
  } else {
    std::cout << format_findings_text(findings);
  }
  std::cout.flush();
  for (const auto& n : notes) std::cerr << "note: " << n << "\n";
  for (const Finding& f : findings)
    if (f.severity >= threshold) return 1;
  return 0;
}

imgslim::cli::CommandRegistrar reg_lint(
    "lint", "Check a Dockerfile for size, security and reproducibility problems", [](CLI::App& app) {
      auto o = std::make_shared<LintCliOptions>();
      app.add_option("DOCKERFILE", o->path, "Dockerfile to check (- for standard input)")->required();
      app.add_option("--format", o->format, "text, json, sarif or codeclimate (GitLab Code Quality)")
          ->check(CLI::IsMember({"text", "json", "sarif", "codeclimate"}))
          ->capture_default_str();
      app.add_option("--ignore", o->ignore, "rule id to switch off (repeatable, or comma-separated)")
          ->allow_extra_args(false)
          ->delimiter(',');
      app.add_option("--failure-threshold", o->threshold,
                     "exit 1 when a finding is at or above this severity (default: warning, or lint.failure-threshold "
                     "in .imgslim.yaml)")
          ->check(CLI::IsMember({"error", "warning", "info"}));
      app.add_option("--context", o->context, "build context directory (default: the Dockerfile's directory)");
      app.add_option("--config", o->config, "config file (default: .imgslim.yaml beside the Dockerfile or here)");
      app.add_flag("--read-base", o->read_base,
                   "read the final stage's base image (local engine by default) and check the HEALTHCHECK's command "
                   "against its PATH");
      app.add_option("--base-image", o->base_image,
                     "with the HEALTHCHECK check: read this reference as the final stage's base (implies --read-base)");
      o->image.add_to(app);
      return [o] { return run_lint(*o); };
    });

}  // namespace
