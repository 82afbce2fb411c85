#include "cli/compose_fix.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compose/fix/fix_stack.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace imgslim::cli {
namespace {

// Peak memory by service from `compose --measure --format json` output (its
// `measure` object; the first stack's when it holds a comparison).
std::map<std::string, std::uint64_t> read_measured_peaks(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file, "cannot read the measurement (the JSON `imgslim compose --measure --format json` writes)");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) throw Error(file, "not JSON: expected the output of `imgslim compose --measure --format json`");
  const nlohmann::json* m = doc.contains("measure") ? &doc["measure"] : &doc;
  if (!m->is_object() || !m->contains("services") || !(*m)["services"].is_array())
    throw Error(file, "no measure.services[]: expected the output of `imgslim compose --measure --format json`");
  std::map<std::string, std::uint64_t> peaks;
  for (const auto& s : (*m)["services"])
    if (s.is_object() && s.contains("name") && s["name"].is_string() && s.contains("peak_memory_bytes") &&
        s["peak_memory_bytes"].is_number_unsigned())
      peaks[s["name"].get<std::string>()] = s["peak_memory_bytes"].get<std::uint64_t>();
  if (peaks.empty()) throw Error(file, "no service has a measured peak_memory_bytes");
  return peaks;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) && std::filesystem::equivalent(a, b, ec);
}

}  // namespace

void add_compose_fix_options(CLI::App& app, ComposeFixOptions& options) {
  app.add_flag("--fix", options.enabled,
               "Write a Compose override (-o FILE, default docker-compose.imgslim.yml beside the first Compose file; "
               "-o - prints it) resolving the findings that have a mechanical fix");
  app.add_option("--from-measure", options.from_measure,
                 "With --fix: size memory limits from this `compose --measure --format json` output's peaks");
}

int run_compose_fix(const compose::LoadOptions& load, const compose::AuditOptions& audit_options,
                    const ComposeFixOptions& options, const std::string& output) {
  compose::FixOptions fix;
  if (!options.from_measure.empty()) {
    fix.measured_peaks = read_measured_peaks(options.from_measure);
    fix.measured_from = std::filesystem::path(options.from_measure).filename().string();
  }
  std::string path = output;
  if (path.empty())
    path = (std::filesystem::path(load.files.front()).parent_path() / "docker-compose.imgslim.yml").string();
  if (path != "-") fix.output_name = std::filesystem::path(path).filename().string();
  compose::FixResult result = compose::fix_stack(load, audit_options, fix);
  std::ostream& notes = path == "-" ? std::cerr : std::cout;
  if (result.yaml.empty()) {
    notes << "nothing to add: no finding with a mechanical fix is left (" << result.after.verdict << ")\n";
  } else {
    for (const auto& f : load.files)
      if (path != "-" && same_file(path, f))
        throw Error(path, "is one of the Compose files loaded; write the new override elsewhere with -o");
    if (path == "-") std::cout << result.yaml << std::flush;
    else write_file_atomically(path, result.yaml);
    if (path != "-") notes << "wrote " << path << "\n";
    notes << "with it: " << result.after.verdict << "\n";
  }
  if (!result.manual.empty()) {
    notes << "left for you (no mechanical fix):\n";
    for (const auto& m : result.manual) notes << "  " << m << "\n";
  }
  return result.errors_left ? 1 : 0;
}

}  // namespace imgslim::cli
