// imgslim compose: audit a docker-compose stack against the VPS it must fit on.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "compose/audit.h"
#include "compose/compose_config.h"
#include "compose/project.h"
#include "compose/report.h"
#include "compose/rules.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "support/size.h"

namespace {

struct ComposeOptions {
  std::vector<std::string> positional, files, profiles, ignore;
  std::string host_memory, host_disk, os_reserve, disk_reserve, nginx_conf, output;
  double host_cpus = 0;
  bool images = false, verbose = false;
  std::string format = "text";
  std::string threshold;  // default: the config file's, else error
  std::string config;
};

std::uint64_t size_option(const std::string& name, const std::string& text) {
  auto v = imgslim::parse_size(text);
  if (!v || *v == 0) throw imgslim::Error(name, "invalid size \"" + text + "\" (use e.g. 2G, 2GiB, 1536MiB)");
  return *v;
}

std::vector<std::string> default_files() {
  if (const char* env = std::getenv("COMPOSE_FILE"); env && *env) {
    std::vector<std::string> out;
    std::string s = env;
    const char* sep = std::getenv("COMPOSE_PATH_SEPARATOR");
    char c = sep && *sep ? sep[0] : ':';
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
      if (i == s.size() || s[i] == c) {
        if (i > start) out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
    return out;
  }
  for (const char* name : {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})
    if (std::filesystem::exists(name)) {
      std::vector<std::string> out{name};
      std::string base = std::string(name).substr(0, std::string(name).rfind('.'));
      for (const char* ext : {".override.yaml", ".override.yml"})
        if (std::filesystem::exists(base + ext)) {
          out.push_back(base + ext);
          break;
        }
      return out;
    }
  throw imgslim::Error("compose", "no Compose file given and none found (compose.yaml, docker-compose.yml) in the current directory");
}

int run_compose(const ComposeOptions& options) {
  using namespace imgslim::compose;
  ComposeOptions o = options;
  std::vector<std::string> files = o.positional;
  files.insert(files.end(), o.files.begin(), o.files.end());
  if (files.empty()) files = default_files();
  std::string config_path = o.config.empty() ? find_compose_config(files.front()) : o.config;
  if (!o.config.empty() && !std::filesystem::is_regular_file(o.config)) throw imgslim::Error(o.config, "no such file");
  if (!config_path.empty()) {
    ComposeConfig cfg = load_compose_config(config_path);
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
  Project project = load_project(load);

  AuditOptions audit_options;
  if (!o.host_memory.empty()) {
    audit_options.host_memory = size_option("--host-memory", o.host_memory);
    audit_options.host_memory_label = o.host_memory;
  }
  if (!o.host_disk.empty()) audit_options.host_disk = size_option("--host-disk", o.host_disk);
  if (!o.os_reserve.empty()) audit_options.os_reserve = size_option("--os-reserve", o.os_reserve);
  if (!o.disk_reserve.empty()) audit_options.disk_reserve = size_option("--disk-reserve", o.disk_reserve);
  if (o.host_cpus < 0) throw imgslim::Error("--host-cpus", "must be positive");
  if (o.host_cpus > 0) audit_options.host_cpus = o.host_cpus;
  if (o.images)
    throw imgslim::Error("--images", "image analysis needs imgslim's OCI image sources, which this build does not "
                                     "include; run `imgslim analyze IMAGE` per service");
  audit_options.nginx_conf = o.nginx_conf;
  audit_options.ignore.insert(o.ignore.begin(), o.ignore.end());

  Report report = audit(project, audit_options);
  std::string text = o.format == "json"       ? render_json(report)
                     : o.format == "markdown" ? render_markdown(report)
                     : o.format == "sarif"    ? render_sarif(report)
                                              : render_text(report, o.verbose);
  if (o.output.empty()) std::cout << text << std::flush;
  else imgslim::write_file_atomically(o.output, text);
  return exit_code(report, threshold);
}

imgslim::cli::CommandRegistrar reg(
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
      app.add_option("--nginx-conf", o->nginx_conf, "nginx.conf to check (default: configs mounted into nginx services)");
      app.add_option("--format", o->format, "text, json, markdown or sarif");
      app.add_option("--failure-threshold", o->threshold, "Exit 1 at this severity: error (default), warning, info, none");
      app.add_option("--ignore", o->ignore, "Skip a rule id; repeatable")->allow_extra_args(false);
      app.add_option("-o,--output", o->output, "Write the report to FILE");
      app.add_option("--config", o->config, "Config file (default: .imgslim.yaml beside the first Compose file, or here)");
      app.add_flag("-v,--verbose", o->verbose, "Also show info findings in the text report");
      return [o] { return run_compose(*o); };
    });

}  // namespace
