#include "builder/measure_cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "builder/image_categories.h"
#include "support/error.h"

namespace imgslim::builder {

void add_measure_options(CLI::App& app, MeasureCliOptions& o) {
  app.add_flag("--measure", o.enabled, "Build the original and every variant with the engine, smoke-check, compare sizes");
  app.add_option("--network", o.network, "Network for RUN steps during the measured builds")
      ->check(CLI::IsMember({"none", "host", "default"}));
  app.add_option("--smoke-url", o.smoke_url, "HTTP path each container must answer with 2xx (e.g. /health)");
  app.add_option("--smoke-port", o.smoke_port, "Port for --smoke-url (default: every exposed port)");
  app.add_option("--smoke-cmd", o.smoke_cmd, "Command run with sh -c in each container; must exit 0");
  app.add_flag("--keep", o.keep, "Keep the measured images (imgslim-measure/<hash>:<variant>)");
  app.add_option("--build-arg", o.build_args, "Build argument NAME=value for every variant");
  app.add_option("--target", o.target, "Build stage to measure");
  app.add_option("--platform", o.platform, "Platform to build for (os/arch[/variant])");
  app.add_option("--secret", o.secrets, "BuildKit secret for every build (id=NAME,src=FILE)");
  app.add_option("--build-logs", o.log_dir, "Directory for the build logs (default: a temporary directory)");
  app.add_flag("--build-times", o.build_times,
               "Also time each variant's cold build (--no-cache) and its rebuild after a source file changes "
               "(in a scratch copy of the context)");
}

int run_measure(const std::vector<Variant>& variants, const std::string& context, const MeasureCliOptions& cli) {
  if (!cli.smoke_url.empty() && !cli.smoke_cmd.empty())
    throw Error("--smoke-url", "use --smoke-url or --smoke-cmd, not both");
  if (!cli.smoke_url.empty() && cli.smoke_url[0] != '/')
    throw Error("--smoke-url", "'" + cli.smoke_url + "' is not a path (it starts with /)");
  for (const auto& a : cli.build_args)
    if (a.empty()) throw Error("--build-arg", "empty build argument");
  auto engine = make_docker_engine();
  MeasureOptions o;
  o.context = context;
  o.build_args = cli.build_args;
  o.secrets = cli.secrets;
  o.target = cli.target;
  o.platform = cli.platform;
  o.network = cli.network == "default" ? "" : cli.network;
  o.smoke.url_path = cli.smoke_url;
  o.smoke.port = cli.smoke_port;
  o.smoke.cmd = cli.smoke_cmd;
  o.keep = cli.keep;
  o.log_dir = cli.log_dir;
  o.build_times = cli.build_times;
  Engine& e = *engine;
  o.categorize = [&e](const std::string& image) {
    return image_categories(e, image, std::filesystem::temp_directory_path().string());
  };
  o.progress = [](const std::string& line) { std::fprintf(stderr, "imgslim: %s\n", line.c_str()); };
  auto report = measure_variants(*engine, variants, o);
  std::cout << render_measure(report, cli.format);
  return report.exit_code();
}

}  // namespace imgslim::builder
