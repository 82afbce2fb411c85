#include <cstdio>
#include <filesystem>

#include "compose/report/report.h"
#include "compose/model/units.h"
#include "compose/checks/checks.h"

namespace imgslim::compose {
namespace {

std::string pad(std::string s, std::size_t width) {
  // Width in characters, counting UTF-8 continuation bytes as nothing.
  std::size_t chars = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++chars;
  if (chars < width) s.append(width - chars, ' ');
  return s;
}

std::string cpus_text(std::optional<double> c) {
  if (!c) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *c);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string mem(std::optional<std::uint64_t> b) { return b ? format_mib(*b) : "none"; }

// Paths below the current directory are shown relative to it.
std::string display_path(const std::string& file) {
  std::filesystem::path p(file);
  if (!p.is_absolute()) return file;
  std::error_code ec;
  auto rel = std::filesystem::relative(p, std::filesystem::current_path(ec), ec);
  if (ec || rel.empty() || rel.string().rfind("..", 0) == 0) return file;
  return rel.string();
}

std::string where_text(const Location& l) {
  if (l.line <= 0) return display_path(l.file);
  return display_path(l.file) + ":" + std::to_string(l.line);
}

std::string images_table(const Report& r) {
  std::size_t ref_w = 7, svc_w = 10;
  for (const auto& row : r.images) {
    ref_w = std::max(ref_w, row.facts.ref.size() + 2);
    std::size_t n = 0;
    for (const auto& s : row.services) n += s.size() + 2;
    svc_w = std::max(svc_w, n + 1);
  }
  std::string out = "\n" + pad("IMAGE", ref_w) + pad("SERVICES", svc_w) + pad("DISK", 11) + pad("FINAL", 11) +
                    pad("PULL", 11) + "TOP CATEGORIES\n";
  for (const auto& row : r.images) {
    std::string services;
    for (const auto& s : row.services) services += (services.empty() ? "" : ", ") + s;
    const ImageFacts& f = row.facts;
    out += pad(f.ref, ref_w) + pad(services, svc_w);
    if (!f.error.empty()) {
      out += "unreadable (compose-image-unreadable)\n";
      continue;
    }
    auto size = [](std::optional<std::uint64_t> v) { return v ? format_image_bytes(*v) : std::string("-"); };
    out += pad(size(f.bytes), 11) + pad(size(f.final_bytes), 11) + pad(size(f.compressed_bytes), 11) +
           top_categories_mib(f) + "\n";
  }
  const Budget& b = r.budget;
  out += pad("total", ref_w) + pad("", svc_w) + format_image_bytes(b.images_bytes);
  if (b.images_listed_bytes > b.images_bytes)
    out += " (shared layers once; " + format_image_bytes(b.images_listed_bytes) + " summed per image)";
  if (b.images_unreadable) out += ", " + std::to_string(b.images_unreadable) + " unreadable";
  return out + "\n";
}

}  // namespace

std::string render_text(const Report& r, bool show_info) {
  std::string out = r.verdict + "\n\n";
  std::size_t name_w = 9;  // "SERVICE" and two spaces
  for (const auto& s : r.services) name_w = std::max(name_w, s.name.size() + 2);
  out += pad("SERVICE", name_w) + pad("MEMORY", 10) + pad("RESERVED", 10) + pad("CPUS", 6) + pad("HEAP", 10) +
         pad("HEALTH", 8) + pad("RESTART", 16) + "LOGS\n";
  for (const auto& s : r.services) {
    std::string heap = s.heap ? format_mib(*s.heap) : "-";
    std::string logs = s.log_cap ? (*s.log_cap ? format_mib(*s.log_cap) : "external") : "unbounded";
    out += pad(s.name, name_w) + pad(mem(s.mem_limit), 10) + pad(s.mem_reservation ? format_mib(*s.mem_reservation) : "-", 10) +
           pad(cpus_text(s.cpus), 6) + pad(heap, 10) + pad(s.healthcheck ? "yes" : "no", 8) +
           pad(s.restart.empty() ? "-" : s.restart, 16) +
           logs + "\n";
  }
  const Budget& b = r.budget;
  std::string total_limits = format_mib(b.total_limits) + (b.unlimited ? "+" : "");
  out += pad("total", name_w) + pad(total_limits, 10) + pad(format_mib(b.total_reservations), 10) +
         pad(cpus_text(b.total_cpus), 6) + "\n";
  if (b.host_memory) {
    out += pad("host", name_w) + format_mib(*b.host_memory) + " - " + format_mib(*b.reserve) + " OS/Docker = " +
           format_mib(*b.available) + " for containers";
    if (b.host_cpus) out += ", " + cpus_text(b.host_cpus) + " CPUs";
    out += "\n";
  }
  if (b.host_disk) {
    out += pad("disk", name_w) + format_mib(*b.host_disk) + " - " + format_mib(*b.disk_reserve) + " OS/Docker: ";
    if (b.images_known) out += "images " + format_image_bytes(b.images_bytes) + ", ";
    out += "logs " + format_mib(b.logs_bytes) + ", WAL " + format_mib(b.wal_bytes) + "\n";
  }
  if (b.images_known) out += images_table(r);

  int counts[3] = {0, 0, 0};
  for (const auto& f : r.findings) ++counts[static_cast<int>(f.severity)];
  out += "\n" + counted(counts[2], "error") + ", " + counted(counts[1], "warning") + ", " + std::to_string(counts[0]) +
         " info\n";
  // Findings with the same rule and message (log caps on every service...)
  // share one line so the report stays on one screen.
  std::vector<bool> done(r.findings.size(), false);
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (done[i] || (f.severity == Severity::Info && !show_info)) continue;
    std::string services = f.service, where = where_text(f.where);
    for (std::size_t j = i + 1; j < r.findings.size(); ++j) {
      const Finding& g = r.findings[j];
      if (done[j] || g.rule != f.rule || g.message != f.message || g.severity != f.severity) continue;
      done[j] = true;
      services += ", " + g.service;
      if (g.where.file == f.where.file && g.where.line > 0) where += "," + std::to_string(g.where.line);
    }
    out += pad(severity_name(f.severity), 8) + where + "  " + (services.empty() ? "" : services + ": ") + f.message +
           " [" + f.rule + "]\n";
  }
  if (counts[0] && !show_info)
    out += "(" + counted(counts[0], "info finding") + " hidden; --verbose shows " + (counts[0] == 1 ? "it" : "them") + ")\n";
  return out;
}

}  // namespace imgslim::compose
