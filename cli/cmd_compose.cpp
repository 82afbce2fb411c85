// imgslim compose: audit a docker-compose stack against the VPS it must fit on.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "analyzers/gate/budget.h"
#include "cli/command.h"
#include "cli/compose_config.h"
#include "cli/compose_fix.h"
#include "cli/compose_measure.h"
#include "cli/image_options.h"
#include "cli/image_path_facts.h"
#include "cli/load_analysis.h"
#include "compose/checks/audit.h"
#include "compose/checks/compose_config.h"
#include "compose/model/project.h"
#include "compose/report/report.h"
#include "compose/checks/rules.h"
#include "compose/model/service_images.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "support/size.h"

namespace {

struct ComposeOptions {
  std::vector<std::string> positional, files, profiles, ignore;
  std::string host_memory, host_disk, os_reserve, disk_reserve, image_max_size, nginx_conf, output, project_name;
  std::vector<std::string> image_overrides;  // SERVICE=REF
  imgslim::cli::ImageOptions image;
  double host_cpus = 0;
  bool images = false, verbose = false;
  std::string format = "text";
  std::string threshold;  // default: the config file's, else error
  std::string config;
  imgslim::cli::ComposeMeasureOptions measure;
  imgslim::cli::ComposeFixOptions fix;
};

std::uint64_t size_option(const std::string& name, const std::string& text) {
  auto v = imgslim::parse_size(text);
  if (!v || *v == 0) throw imgslim::Error(name, "invalid size \"" + text + "\" (use e.g. 2G, 2GiB, 1536MiB)");
  return *v;
}

// The figures `imgslim analyze --format json` prints, as compose's plain facts.
imgslim::compose::ImageFacts facts_from_report(const nlohmann::json& report) {
  imgslim::compose::ImageFacts f;
  f.bytes = report.at("total_bytes").get<std::uint64_t>();
  f.final_bytes = report.at("final_bytes").get<std::uint64_t>();
  bool compressed = !report.at("layers").empty();
  for (const auto& l : report.at("layers")) {
    f.layers.push_back({l.at("diff_id").get<std::string>(), l.at("size_bytes").get<std::uint64_t>()});
    compressed &= l.value("compression", "none") != "none";
  }
  // Engines and docker archives hold layers uncompressed: no pull size known.
  if (compressed) f.compressed_bytes = report.at("compressed_bytes").get<std::uint64_t>();
  if (report.contains("categories"))
    for (const auto& [id, c] : report["categories"].items())
      if (c.value("bytes", std::uint64_t{0}) > 0) f.top.push_back({id, c["bytes"].get<std::uint64_t>()});
  std::stable_sort(f.top.begin(), f.top.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  return f;
}

// Reads every distinct image once; one ImageFacts per service.
std::vector<imgslim::compose::ImageFacts> read_images(const std::vector<imgslim::compose::ServiceImage>& wanted,
                                                      const imgslim::cli::ImageOptions& image_options,
                                                      const imgslim::analyzers::BudgetFile* budgets) {
  using imgslim::compose::ImageFacts;
  std::map<std::string, ImageFacts> by_ref;
  std::vector<ImageFacts> out;
  for (const auto& si : wanted) {
    ImageFacts f;
    if (si.ref.empty()) {
      f.error = "the service has neither `image:` nor `build:`";
    } else if (auto it = by_ref.find(si.ref); it != by_ref.end()) {
      f = it->second;
    } else {
      try {
        auto loaded = imgslim::cli::load_analysis(si.ref, image_options);
        f = facts_from_report(loaded.report);
        imgslim::cli::fill_path_facts(loaded.analysis.scan, f);
      } catch (const imgslim::Error& e) {
        f.error = e.problem();
        if (si.origin == "build")
          f.error = "not built yet (`docker compose build " + si.service + "` creates it): " + f.error;
      } catch (const std::exception& e) {
        f.error = e.what();
      }
      if (budgets && f.error.empty())
        if (const auto* b = imgslim::analyzers::select_budget(*budgets, si.ref); b && b->max_size) {
          f.max_size = b->max_size;
          f.max_size_from = "max-size of budgets entry \"" + b->image + "\", " + b->file + ":" + std::to_string(b->line);
        }
      by_ref[si.ref] = f;
    }
    f.service = si.service;
    f.ref = si.ref;
    out.push_back(std::move(f));
  }
  return out;
}

int run_compose(const ComposeOptions& options) {
  using namespace imgslim::compose;
  ComposeOptions o = options;
  std::vector<std::string> files = o.positional;
  files.insert(files.end(), o.files.begin(), o.files.end());
  if (files.empty()) files = imgslim::cli::default_compose_files();
  std::string config_path = o.config.empty() ? find_compose_config(files.front()) : o.config;
  if (!o.config.empty() && !std::filesystem::is_regular_file(o.config)) throw imgslim::Error(o.config, "no such file");
  bool config_has_budgets = false;
  const bool image_max_size_given = !o.image_max_size.empty();
  if (!config_path.empty()) {
    ComposeConfig cfg = load_compose_config(config_path);
    config_has_budgets = cfg.has_budgets;
    if (o.image_max_size.empty()) o.image_max_size = cfg.image_max_size;
    if (o.host_memory.empty()) o.host_memory = cfg.host_memory;
    if (o.host_disk.empty()) o.host_disk = cfg.host_disk;
    if (o.os_reserve.empty()) o.os_reserve = cfg.os_reserve;
    if (o.disk_reserve.empty()) o.disk_reserve = cfg.disk_reserve;
    if (o.host_cpus == 0 && cfg.host_cpus) o.host_cpus = *cfg.host_cpus;
    if (o.threshold.empty()) o.threshold = cfg.failure_threshold;
    o.ignore.insert(o.ignore.end(), cfg.ignore.begin(), cfg.ignore.end());
  }
  if (o.threshold.empty()) o.threshold = "error";
  int threshold = parse_threshold(o.threshold);
  if (threshold < 0) throw imgslim::Error("--failure-threshold", "expected error, warning, info or none, got \"" + o.threshold + "\"");
  if (o.format != "text" && o.format != "json" && o.format != "markdown" && o.format != "sarif")
    throw imgslim::Error("--format", "expected text, json, markdown or sarif, got \"" + o.format + "\"");
  for (const auto& r : o.ignore) {
    bool known = false;
    for (const auto& rule : all_rules()) known |= rule.id == r;
    if (!known) throw imgslim::Error("--ignore", "unknown rule \"" + r + "\"");
  }

  LoadOptions load;
  load.files = files;
  load.profiles = o.profiles;
  load.env = process_environment();
  load.project_name = o.project_name;
  Project project = load_project(load);

  AuditOptions audit_options;
  audit_options.failure_threshold = threshold;
  if (!o.host_memory.empty()) {
    audit_options.host_memory = size_option("--host-memory", o.host_memory);
    audit_options.host_memory_label = o.host_memory;
  }
  if (!o.host_disk.empty()) audit_options.host_disk = size_option("--host-disk", o.host_disk);
  if (!o.os_reserve.empty()) audit_options.os_reserve = size_option("--os-reserve", o.os_reserve);
  if (!o.disk_reserve.empty()) audit_options.disk_reserve = size_option("--disk-reserve", o.disk_reserve);
  if (o.host_cpus < 0) throw imgslim::Error("--host-cpus", "must be positive");
  if (o.host_cpus > 0) audit_options.host_cpus = o.host_cpus;
  if (!o.image_max_size.empty()) audit_options.image_max_size = size_option("--image-max-size", o.image_max_size);
  if (image_max_size_given) audit_options.image_max_size_from = "--image-max-size";
  std::map<std::string, std::string> overrides;
  for (const auto& item : o.image_overrides) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw imgslim::Error("--image", "expected SERVICE=REF, got \"" + item + "\"");
    overrides[item.substr(0, eq)] = item.substr(eq + 1);
  }
  if (!overrides.empty() && !o.images) throw imgslim::Error("--image", "only meaningful with --images");
  if (o.images) {
    std::vector<Service> services = read_services(project);
    for (const auto& [name, ref] : overrides)
      if (std::none_of(services.begin(), services.end(), [&](const Service& sv) { return sv.name == name; }))
        throw imgslim::Error("--image", "no enabled service \"" + name + "\" in the project");
    std::optional<imgslim::analyzers::BudgetFile> budgets;
    if (config_has_budgets) budgets = imgslim::analyzers::load_budget_file(config_path);
    audit_options.images = true;
    audit_options.images_read = read_images(service_images(project, services, overrides), o.image,
                                            budgets ? &*budgets : nullptr);
  }
  audit_options.nginx_conf = o.nginx_conf;
  audit_options.ignore.insert(o.ignore.begin(), o.ignore.end());

  if (o.fix.enabled) {
    if (o.measure.enabled) throw imgslim::Error("--fix", "write the override first, then measure it with --measure");
    return imgslim::cli::run_compose_fix(load, audit_options, o.fix, o.output);
  }
  if (!o.fix.from_measure.empty()) throw imgslim::Error("--from-measure", "only meaningful with --fix");
  Report report = audit(project, audit_options);
  std::string text = o.format == "json"       ? render_json(report)
                     : o.format == "markdown" ? render_markdown(report)
                     : o.format == "sarif"    ? render_sarif(report)
                                              : render_text(report, o.verbose);
  int code = exit_code(report, threshold);
  if (o.measure.enabled) {
    int measured = 0;
    text = imgslim::cli::run_compose_measure({project, load, report, o.image.daemon, o.format}, o.measure, text, &measured);
    code = std::max(code, measured);
  }
  if (o.output.empty()) std::cout << text << std::flush;
  else imgslim::write_file_atomically(o.output, text);
  // Files of the project treated as absent (a symlink leaving it, a FIFO...).
  for (const auto* notes : {&project.notes, &report.notes})
    for (const auto& n : *notes) std::cerr << "note: " << n << "\n";
  return code;
}

imgslim::cli::CommandRegistrar reg_compose(
    "compose", "Audit a docker-compose stack against the VPS it must fit on", [](CLI::App& app) {
      auto o = std::make_shared<ComposeOptions>();
      app.add_option("FILE", o->positional, "Compose files (same as -f)");
      app.add_option("-f,--file", o->files, "Compose file; repeat to merge overrides in order")->allow_extra_args(false);
      app.add_option("--profile", o->profiles, "Enable a profile (COMPOSE_PROFILES also counts)")->allow_extra_args(false);
      app.add_option("--host-memory", o->host_memory, "Host RAM, e.g. 2G, 2GiB, 4096MiB");
      app.add_option("--host-cpus", o->host_cpus, "Host vCPUs");
      app.add_option("--host-disk", o->host_disk, "Host disk, e.g. 25G");
      app.add_option("--os-reserve", o->os_reserve, "RAM kept for the OS and Docker (default max(256MiB, 10% of host))");
      app.add_option("--disk-reserve", o->disk_reserve, "Disk kept for the OS and Docker (default max(2GiB, 10% of disk))");
      app.add_flag("--images", o->images, "Analyze each service's image and check the total against --host-disk");
      app.add_option("--image", o->image_overrides, "With --images: read SERVICE's image from REF instead "
                                                    "(SERVICE=REF, e.g. api=docker-archive:api.tar); repeatable")
          ->allow_extra_args(false);
      app.add_option("--image-max-size", o->image_max_size,
                     "With --images: per-image advice limit on final bytes (default 500MB; a budgets: entry wins)");
      app.add_option("-p,--project-name", o->project_name, "Project name (names the images of build-only services)");
      o->image.add_to(app);
      app.add_option("--nginx-conf", o->nginx_conf, "nginx.conf to check (default: configs mounted into nginx services)");
      app.add_option("--format", o->format, "text, json, markdown or sarif");
      app.add_option("--failure-threshold", o->threshold, "Exit 1 at this severity: error (default), warning, info, none");
      app.add_option("--ignore", o->ignore, "Skip a rule id; repeatable")->allow_extra_args(false);
      app.add_option("-o,--output", o->output, "Write the report to FILE (with --fix: the override; - prints it)");
      app.add_option("--config", o->config, "Config file (default: .imgslim.yaml beside the first Compose file, or here)");
      app.add_flag("-v,--verbose", o->verbose, "Also show info findings in the text report");
      imgslim::cli::add_compose_measure_options(app, o->measure);
      imgslim::cli::add_compose_fix_options(app, o->fix);
      auto config = imgslim::cli::add_compose_config(app);  // `imgslim compose config`
      return [o, config] { return config.used() ? config.run() : run_compose(*o); };
    });

}  // namespace
