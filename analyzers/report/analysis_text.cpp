#include <cmath>
#include <cstdio>
#include <ostream>

#include "analyzers/report/analysis_report.h"
#include "analyzers/report/analysis_sections.h"
#include "support/size.h"

namespace imgslim::analyzers {

namespace {

std::string command_text(std::string cmd) {
  if (cmd.starts_with("/bin/sh -c ")) cmd.erase(0, 11);
  if (cmd.starts_with("#(nop) ")) cmd.erase(0, 7);
  while (!cmd.empty() && cmd.front() == ' ') cmd.erase(0, 1);
  for (auto& c : cmd)
    if (c == '\n' || c == '\t') c = ' ';
  constexpr std::size_t kMax = 72;
  if (cmd.size() > kMax) cmd = cmd.substr(0, kMax - 3) + "...";
  return cmd;
}

std::string pad_left(const std::string& s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }
std::string pad_right(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

std::string percent(double ratio, int decimals) {
  if (!std::isfinite(ratio)) return std::isnan(ratio) ? "0 %" : "inf %";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %%", decimals, ratio * 100.0);
  return buf;
}

std::string share(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "";
  return " (" + percent(static_cast<double>(part) / static_cast<double>(whole), 1) + ")";
}

// A layer's compressed size; a plain layer whose size was not computed has none.
std::string compressed_cell(const LayerSummary& l) {
  if (l.compressed_computed && l.compressed_bytes == 0) return "-";
  return format_size(l.compressed_bytes);
}

}  // namespace

void write_analysis_text(const Analysis& a, std::ostream& out, const ReportOptions& options) {
  const ImageScan& s = a.scan;
  const auto& w = a.waste;
  out << "Image      " << s.ref << "\n";
  out << "Digest     " << s.digest.str() << "\n";
  out << "Platform   " << s.platform.str() << (s.verified ? "" : "   (digests NOT verified: --no-verify)") << "\n";
  const bool computed = s.compressed_computed();
  out << "Layers     " << s.layers.size() << "   size " << format_size(w.total_bytes) << "   compressed ";
  if (s.compressed_unknown())
    out << "- (stored uncompressed; --push-size computes what a push would store)\n\n";
  else
    out << (computed ? "(computed) " : "") << format_size(s.compressed_bytes()) << "\n\n";

  out << "Summary\n";
  out << "  final filesystem     " << pad_left(format_size(w.final_bytes), 10) << "   " << s.tree.files() << " files, "
      << s.tree.directories() << " directories\n";
  out << "  reclaimable          " << pad_left(format_size(w.reclaimable_bytes), 10) << share(w.reclaimable_bytes, w.total_bytes)
      << "   overwritten " << format_size(w.overwritten_bytes) << ", deleted " << format_size(w.deleted_bytes);
  if (w.metadata_only_bytes) out << ", metadata-only changes " << format_size(w.metadata_only_bytes);
  out << "\n";
  out << "  duplicate content    " << pad_left(format_size(w.duplicate_bytes), 10) << "   same bytes at different paths\n";
  out << "  your layers          " << pad_left(format_size(w.user_bytes), 10) << "   ";
  if (w.base.layers >= s.layers.size()) out << "none: every layer is the base image";
  else out << "layers " << w.base.layers << "-" << s.layers.size() - 1;
  out << " (base: " << w.base.source;
  if (!w.base.detail.empty() && w.base.source != "first-layer") out << ", " << command_text(w.base.detail);
  out << "); reclaimable there " << format_size(w.user_reclaimable_bytes) << "\n";
  char eff[64];
  std::snprintf(eff, sizeof eff, "%.4f %%", a.dive.efficiency * 100.0);
  out << "  dive-compatible      efficiency " << eff << ", wasted " << format_size(a.dive.wasted_bytes)
      << ", user wasted " << percent(a.dive.user_wasted_percent, 2) << "\n\n";

  out << "Layers\n";
  out << "   #       SIZE  COMPRESSED     +      ~      -   INVISIBLE  CREATED BY\n";
  for (const auto& l : s.layers) {
    std::string idx = std::to_string(l.index) + (l.index < w.base.layers ? "b" : " ");
    out << pad_left(idx, 5) << pad_left(format_size(l.content_bytes), 10) << pad_left(compressed_cell(l), 12)
        << pad_left(std::to_string(l.files_added), 6) << pad_left(std::to_string(l.files_modified), 7)
        << pad_left(std::to_string(l.files_removed), 7) << pad_left(format_size(l.invisible_bytes()), 12) << "  "
        << (l.has_history ? command_text(l.created_by) : "(no history)") << "\n";
  }
  out << "  (b: base image layer; + added, ~ modified, - removed files; INVISIBLE: this layer's bytes the final image does not show)\n";
  if (computed && !s.compressed_unknown())
    out << "  (COMPRESSED computed: the source stores layers uncompressed; gzip level 6 as `docker push` compresses them)\n";
  out << "\n";

  auto largest = largest_files(s, options.top_files);
  if (!largest.empty()) {
    out << "Largest files\n";
    for (RecordId r : largest) {
      const auto& rec = s.records[r];
      out << pad_left(format_size(static_cast<std::uint64_t>(rec.size)), 10) << "  layer " << pad_right(std::to_string(rec.layer), 3)
          << " /" << s.paths.str(rec.path) << "\n";
    }
    out << "\n";
  }

  if (!w.duplicates.empty()) {
    out << "Duplicate content\n";
    for (std::size_t i = 0; i < w.duplicates.size() && i < options.top_duplicates; ++i) {
      const auto& g = w.duplicates[i];
      out << pad_left(format_size(g.wasted()), 10) << "  " << g.records.size() << " copies of "
          << format_size(static_cast<std::uint64_t>(g.size)) << ":";
      for (std::size_t k = 0; k < g.records.size() && k < 3; ++k) out << " /" << s.paths.str(s.records[g.records[k]].path);
      if (g.records.size() > 3) out << " ...";
      out << "\n";
    }
    out << "\n";
  }

  if (!a.dive.inefficiencies.empty()) {
    out << "Inefficiencies (dive-compatible: every copy of a path seen in more than one layer)\n";
    out << "  COUNT   TOTAL SPACE  PATH\n";
    std::size_t n = 0;
    for (const auto& i : a.dive.inefficiencies) {
      if (n++ == options.top_inefficient) {
        out << "  ... " << a.dive.inefficiencies.size() - options.top_inefficient << " more\n";
        break;
      }
      out << pad_left(std::to_string(i.count), 7) << pad_left(format_size(static_cast<std::uint64_t>(i.cum_bytes)), 14)
          << "  " << i.path << "\n";
    }
    out << "\n";
  }

  for (const auto& section : analysis_sections())
    if (section.add_text) section.add_text(a, out, options);
}

}  // namespace imgslim::analyzers
