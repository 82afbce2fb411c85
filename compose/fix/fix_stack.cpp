#include "compose/fix/fix_stack.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compose/fix/fixer.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

// The override loaded after the user's files, from a private temporary file.
class TempOverride {
 public:
  explicit TempOverride(const std::string& text) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("imgslim-fix-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".yml"))
                .string();
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw Error(path_, "cannot write the override for checking it");
  }
  ~TempOverride() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempOverride(const TempOverride&) = delete;
  TempOverride& operator=(const TempOverride&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Audited audit_with(const LoadOptions& load, const AuditOptions& options, const std::string& override_text) {
  LoadOptions l = load;
  std::optional<TempOverride> temp;
  if (!override_text.empty()) {
    temp.emplace(override_text);
    l.files.push_back(temp->path());
  }
  Project p = load_project(l);
  Report r = audit(p, options);
  std::vector<Service> services = read_services(p);
  return {temp ? temp->path() : "", std::move(p), std::move(services), std::move(r)};
}

std::string step_for(const Finding& f, const std::vector<Service>& services) {
  // Shown as the report shows it: relative to the working directory when below it.
  std::string where = f.where.file;
  std::error_code ec;
  if (std::filesystem::path(where).is_absolute()) {
    auto rel = std::filesystem::relative(where, std::filesystem::current_path(ec), ec);
    if (!ec && !rel.empty() && rel.string().rfind("..", 0) != 0) where = rel.string();
  }
  if (f.where.line > 0) where += ":" + std::to_string(f.where.line);
  std::string line = where + " " + (f.service.empty() ? "" : f.service + ": ") + f.message + " [" + f.rule + "]";
  if (f.rule == "compose-image-max-size" || f.rule == "compose-image-heavy")
    for (const auto& s : services)
      if (s.name == f.service && s.builds) {
        std::string context = s.raw && s.raw->at({"build", "context"}) ? s.raw->at({"build", "context"})->text() : ".";
        std::string dockerfile = s.raw && s.raw->at({"build", "dockerfile"}) ? s.raw->at({"build", "dockerfile"})->text()
                                                                            : "Dockerfile";
        line += "\n    step: imgslim rewrite " + context + "/" + dockerfile;
      }
  return line;
}

}  // namespace

FixResult fix_stack(const LoadOptions& load, const AuditOptions& audit_options, const FixOptions& options) {
  if (!audit_options.host_memory)
    throw Error("--fix", "needs --host-memory (or compose.host-memory in .imgslim.yaml): the limits are sized for the host");
  Audited before = audit_with(load, audit_options, "");
  Fixer fixer(audit_options, options, before);
  fixer.memory_and_cpus();
  fixer.health_and_order();
  fixer.operations();

  std::vector<std::string> header = {"Written by `imgslim compose --fix` for a " + before.report.budget.host_label +
                                         " host; your own files are unchanged.",
                                     "Load it after them:"};
  std::string files;
  for (const auto& f : load.files) files += "-f " + std::filesystem::path(f).filename().string() + " ";
  header.push_back("  docker compose " + files + "-f " + options.output_name + " up -d");

  Audited mid = audit_with(load, audit_options, fixer.text(header));
  fixer.runtime_settings(mid);
  FixResult result;
  result.yaml = fixer.text(header);
  Audited after = result.yaml.empty() ? std::move(mid) : audit_with(load, audit_options, result.yaml);
  for (auto& f : after.report.findings) {
    if (!after.override_path.empty() && f.where.file == after.override_path) f.where.file = options.output_name;
    if (f.severity == Severity::Info) continue;
    result.errors_left = result.errors_left || f.severity == Severity::Error;
    result.manual.push_back(std::string(severity_name(f.severity)) + " " + step_for(f, after.services));
  }
  result.after = std::move(after.report);
  return result;
}

}  // namespace imgslim::compose
