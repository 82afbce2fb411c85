#include <cstdio>

#include "compose/report/report.h"
#include "compose/model/units.h"
#include "compose/checks/checks.h"

namespace imgslim::compose {
namespace {

std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string cpus(std::optional<double> c) {
  if (!c) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", *c);
  return buf;
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::string out = std::string("### ") + (r.passed ? "✅ " : "❌ ") + cell(r.verdict) + "\n\n";
  out += "| service | memory | reserved | cpus | heap | health check | restart | logs |";
  out += "\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : r.services) {
    out += "| " + cell(s.name) + " | " + (s.mem_limit ? format_mib(*s.mem_limit) : "**none**") + " | " +
           (s.mem_reservation ? format_mib(*s.mem_reservation) : "-") + " | " + cpus(s.cpus) + " | " +
           (s.heap ? format_mib(*s.heap) : "-") + " | " + (s.healthcheck ? "yes" : "no") + " | " +
           (s.restart.empty() ? "-" : cell(s.restart)) + " | " +
           (s.log_cap ? (*s.log_cap ? format_mib(*s.log_cap) : "external") : "unbounded") + " |";
    out += "\n";
  }
  out += "| **total** | **" + format_mib(r.budget.total_limits) + "** | " + format_mib(r.budget.total_reservations) +
         " | " + cpus(r.budget.total_cpus) + " | | | | |\n\n";
  if (r.budget.images_known) {
    out += "| image | services | disk | final | pull | top categories |\n|---|---|---|---|---|---|\n";
    for (const auto& row : r.images) {
      const ImageFacts& f = row.facts;
      std::string services;
      for (const auto& sv : row.services) services += (services.empty() ? "" : ", ") + sv;
      out += "| `" + cell(f.ref) + "` | " + cell(services) + " | ";
      auto size = [](std::optional<std::uint64_t> v) { return v ? format_image_bytes(*v) : std::string("-"); };
      if (!f.error.empty()) out += "**unreadable** | | | " + cell(f.error) + " |\n";
      else out += size(f.bytes) + " | " + size(f.final_bytes) + " | " + size(f.compressed_bytes) + " | " +
                  cell(top_categories_mib(f)) + " |\n";
    }
    out += "| **total** | | **" + format_image_bytes(r.budget.images_bytes) + "** | | | " +
           (r.budget.images_listed_bytes > r.budget.images_bytes ? "shared layers counted once" : "") + " |\n\n";
  }
  if (r.findings.empty()) return out + "No findings.\n";
  out += "| severity | rule | where | finding |\n|---|---|---|---|\n";
  for (const auto& f : r.findings) {
    std::string where = f.where.file + (f.where.line > 0 ? ":" + std::to_string(f.where.line) : "");
    out += std::string("| ") + severity_name(f.severity) + " | `" + f.rule + "` | " + cell(where) + " | " +
           cell((f.service.empty() ? "" : "**" + f.service + "**: ") + f.message) + " |\n";
  }
  return out;
}

}  // namespace imgslim::compose
