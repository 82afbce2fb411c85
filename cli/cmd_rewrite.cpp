// imgslim rewrite DOCKERFILE: slimmer Dockerfile as a reviewable diff.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "builder/compose_context.h"
#include "builder/measure_cli.h"
#include "cli/command.h"
#include "dockerfiles/emit/emit.h"
#include "dockerfiles/project/facts.h"
#include "dockerfiles/rewrite/rewrite.h"
#include "dockerfiles/syntax/parser.h"
#include "dockerfiles/syntax/source_file.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace fs = std::filesystem;
using namespace imgslim::dockerfiles;

namespace {

struct RewriteCliOptions {
  std::string dockerfile;
  std::string context;
  bool write = false;
  std::string output;
  std::string variants;
  std::string only, skip;
  bool explain = false;
  std::string format = "text";
  RewriteOptions rewrite;
  imgslim::builder::MeasureCliOptions measure;
};

// The checkout a file belongs to: the nearest folder above it holding .git,
// else the current directory.
fs::path checkout_of(const std::string& file) {
  std::error_code ec;
  for (fs::path p = fs::weakly_canonical(fs::absolute(file, ec), ec).parent_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return fs::weakly_canonical(fs::current_path(ec), ec);
}

// A path as diff headers show it: relative to the working directory when it
// lies under it ("Dockerfile", "app/Dockerfile"), else without its leading
// slash (so a header never reads "a//srv/app/Dockerfile").
std::string diff_label(const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
  const fs::path rel = abs.lexically_relative(fs::weakly_canonical(fs::current_path(ec), ec));
  if (!rel.empty() && *rel.begin() != "..") return rel.string();
  std::string s = fs::path(path).lexically_normal().string();
  while (s.starts_with("/")) s.erase(0, 1);
  return s;
}

RewriteOptions resolve_rules(const RewriteCliOptions& o) {
  RewriteOptions r = o.rewrite;
  std::set<std::string> enabled;
  if (!o.only.empty()) enabled = parse_rule_list("--only", o.only);
  else enabled.insert(rewrite_rule_ids().begin(), rewrite_rule_ids().end());
  for (const auto& s : parse_rule_list("--skip", o.skip)) enabled.erase(s);
  if (enabled.empty()) throw imgslim::Error("--skip", "every rule is skipped");
  r.rules = enabled;
  if (r.runtime != "default" && r.runtime != "minimal")
    throw imgslim::Error("--runtime", "must be default or minimal, not '" + r.runtime + "'");
  if (r.frontend_runtime != "nginx" && r.frontend_runtime != "node")
    throw imgslim::Error("--frontend-runtime", "must be nginx or node, not '" + r.frontend_runtime + "'");
  return r;
}

int run_rewrite(const RewriteCliOptions& o) {
  if ((o.write ? 1 : 0) + (o.output.empty() ? 0 : 1) + (o.variants.empty() ? 0 : 1) > 1)
    throw imgslim::Error("rewrite", "--write, -o and --variants are exclusive");
  if (o.measure.enabled) {
    if (o.write || !o.output.empty()) throw imgslim::Error("--measure", "cannot be combined with --write or -o");
    if (o.format != "text" && o.format != "json" && o.format != "markdown")
      throw imgslim::Error("--format", "must be text, json or markdown");
  } else if (o.format != "text" && o.format != "json") {
    throw imgslim::Error("--format", "must be text or json");
  }
  const std::string text = read_dockerfile(o.dockerfile);
  std::string context = o.context;
  if (context.empty()) {
    context = fs::path(o.dockerfile).parent_path().string();
    if (context.empty()) context = ".";
    // A Compose file beside the Dockerfile (or here) that builds it names its context.
    if (auto found = imgslim::builder::find_compose_build(o.dockerfile, {context, "."})) {
      // A Compose file is content like any other: its context is taken only
      // when it lies inside the checkout the Compose file belongs to.
      const auto rel = fs::path(found->context).lexically_relative(checkout_of(found->compose_file));
      if (rel.empty() || *rel.begin() == "..") {
        std::cerr << "note: " << found->compose_file << ": service " << found->service
                  << " names a build context outside the checkout; using " << context << " (--context to choose)\n";
      } else {
        std::cerr << "imgslim: build context " << fs::relative(found->context).string() << " (service "
                  << found->service << " in " << found->compose_file << ")\n";
        context = found->context;
      }
    }
  }
  std::error_code ec;
  if (!fs::is_directory(context, ec)) throw imgslim::Error(context, "build context is not a directory");
  const RewriteOptions options = resolve_rules(o);
  // Parsed first: its lines are evidence too (FROM node, npm commands, the script CMD runs).
  const Dockerfile parsed = build_instructions(parse(text, o.dockerfile));
  const ProjectFacts facts = read_project_facts(context, &parsed);
  // Context files treated as absent (support/rooted_dir.h), said once on stderr
  // where the notes are not part of the output already.
  auto print_context_notes = [&] {
    for (const auto& n : facts.notes) std::cerr << "note: " << n << "\n";
  };
  const std::string dockerignore_path = (fs::path(context) / ".dockerignore").lexically_normal().string();
  EmitPaths paths{diff_label(o.dockerfile), diff_label(dockerignore_path)};

  if (o.measure.enabled || !o.variants.empty()) print_context_notes();
  if (o.measure.enabled) {
    // original, each single-rule variant, all rules: built and smoke-checked
    // against the same context (builder/measure.h).
    auto variants = rewrite_variants(text, o.dockerfile, facts, options);
    fs::path dir = o.variants.empty()
                       ? fs::temp_directory_path() / ("imgslim-variants-" + std::to_string(::getpid()))
                       : fs::path(o.variants);
    fs::create_directories(dir, ec);
    if (ec) throw imgslim::Error(dir.string(), "cannot create folder: " + ec.message());
    std::vector<imgslim::builder::Variant> list = {{"original", o.dockerfile}};
    for (const auto& [rule, dockerfile] : variants) {
      auto path = (dir / (rule + ".Dockerfile")).string();
      imgslim::write_file_atomically(path, dockerfile);
      list.push_back({rule, path});
    }
    imgslim::builder::MeasureCliOptions m = o.measure;
    m.format = o.format;
    if (m.smoke_url.empty() && m.smoke_cmd.empty()) {
      // The app's own health route, or a static frontend's index page.
      bool frontend = facts.kind == AppKind::StaticFrontend;
      if (frontend) m.smoke_url = "/";
      else if (!facts.health_path.empty()) m.smoke_url = facts.health_path;
      if (!m.smoke_url.empty())
        std::cerr << "imgslim: smoke check: GET " << m.smoke_url << " on the exposed ports ("
                  << (frontend ? "the frontend's index page" : "the app's health route")
                  << "; --smoke-url or --smoke-cmd to choose)\n";
    }
    int rc = imgslim::builder::run_measure(list, context, m);
    if (o.variants.empty()) fs::remove_all(dir, ec);
    return rc;
  }

  if (!o.variants.empty()) {
    auto variants = rewrite_variants(text, o.dockerfile, facts, options);
    fs::create_directories(o.variants, ec);
    if (ec) throw imgslim::Error(o.variants, "cannot create folder: " + ec.message());
    for (const auto& [rule, dockerfile] : variants) {
      auto path = (fs::path(o.variants) / (rule + ".Dockerfile")).string();
      imgslim::write_file_atomically(path, dockerfile);
      std::cout << path << "\n";
    }
    return 0;
  }

  const RewriteResult r = rewrite_dockerfile(text, o.dockerfile, facts, options);
  if (o.format == "json") {
    std::cout << emit_json(r, paths);
  } else if (o.write || !o.output.empty()) {
    if (o.explain) std::cout << emit_explain(r);
    else print_context_notes();
  } else if (!r.changed()) {
    std::cout << emit_no_changes(r, paths);
    if (o.explain) std::cout << emit_explain(r);
    else print_context_notes();
  } else {
    if (o.explain) std::cout << emit_explain(r) << "\n";
    std::cout << emit_diff(r, paths);
    if (!o.explain)
      for (const auto& n : r.notes) std::cerr << "note: " << n << "\n";
  }

  if (o.write) {
    if (r.dockerfile_changed()) imgslim::write_file_atomically(o.dockerfile, r.dockerfile);
    if (r.dockerignore_changed()) imgslim::write_file_atomically(dockerignore_path, r.dockerignore_after);
    if (o.format == "text")
      std::cout << (r.changed() ? "rewrote " + o.dockerfile + (r.dockerignore_changed() ? " and " + dockerignore_path : "")
                                : emit_no_changes(r, paths).substr(0, emit_no_changes(r, paths).size() - 1))
                << "\n";
  } else if (!o.output.empty()) {
    imgslim::write_file_atomically(o.output, r.dockerfile);
    if (o.format == "text") {
      std::cout << "wrote " << o.output << "\n";
      if (r.dockerignore_changed())
        std::cerr << "note: " << dockerignore_path << " would change too; --write updates it\n";
    }
  }
  return 0;
}

imgslim::cli::CommandRegistrar reg_rewrite(
    "rewrite", "Rewrite a Dockerfile into a slimmer one (unified diff by default)", [](CLI::App& app) {
      auto o = std::make_shared<RewriteCliOptions>();
      app.add_option("DOCKERFILE", o->dockerfile, "the Dockerfile to rewrite")->required();
      app.add_option("--context", o->context, "build context (default: the Dockerfile's folder)");
      app.add_flag("--write", o->write, "rewrite the Dockerfile (and .dockerignore) in place");
      app.add_option("-o,--output", o->output, "write the rewritten Dockerfile to FILE");
      app.add_option("--variants", o->variants, "write one Dockerfile per rule and all.Dockerfile into DIR");
      app.add_option("--only", o->only, "only these rules (comma-separated)");
      app.add_option("--skip", o->skip, "skip these rules (comma-separated)");
      app.add_flag("--explain", o->explain, "list each change with its rule id and why");
      app.add_option("--format", o->format, "text (diff) or json");
      app.add_option("--runtime-base", o->rewrite.runtime_base, "base image of the runtime stage");
      app.add_option("--frontend-runtime", o->rewrite.frontend_runtime, "nginx (default) or node");
      app.add_option("--runtime", o->rewrite.runtime,
                     "default (node without package managers) or minimal (FROM scratch: node and the libraries it "
                     "loads, no shell)");
      app.add_option("--nginx-image", o->rewrite.nginx_image, "nginx image for a frontend runtime (nginx:stable)");
      app.add_option("--init-from", o->rewrite.init_from,
                     "copy dumb-init from this image instead of installing it (offline builds)");
      app.add_option("--init-path", o->rewrite.init_path, "dumb-init's path in --init-from (/usr/bin/dumb-init)");
      imgslim::builder::add_measure_options(app, o->measure);
      return [o] { return run_rewrite(*o); };
    });

}  // namespace
