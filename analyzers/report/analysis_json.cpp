#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "analyzers/report/analysis_report.h"
#include "analyzers/report/analysis_sections.h"

namespace imgslim::analyzers {

namespace {

using nlohmann::json;

std::string absolute(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 1);
  out += '/';
  out += path;
  return out;
}

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json layer_json(const ImageScan& scan, const LayerSummary& l, std::size_t base_layers) {
  (void)scan;
  return json{
      {"index", l.index},
      {"digest", l.descriptor.digest.str()},
      {"diff_id", l.diff_id.str()},
      {"media_type", l.descriptor.media_type},
      {"size_bytes", l.content_bytes},
      {"compressed_bytes", l.compressed_computed && l.compressed_bytes == 0 ? json(nullptr) : json(l.compressed_bytes)},
      {"compressed_computed", l.compressed_computed},
      {"stored_bytes", l.stored_bytes},
      {"tar_bytes", l.tar_bytes},
      {"compression", l.compression},
      {"created_by", l.created_by},
      {"created", l.created},
      {"base", l.index < base_layers},
      {"entries", l.entries},
      {"files_added", l.files_added},
      {"files_modified", l.files_modified},
      {"files_removed", l.files_removed},
      {"bytes_removed", l.bytes_removed},
      {"invisible_bytes", l.invisible_bytes()},
      {"overwritten_bytes", l.overwritten_bytes},
      {"deleted_bytes", l.deleted_bytes},
  };
}

}  // namespace

std::vector<RecordId> largest_files(const ImageScan& scan, std::size_t limit) {
  std::vector<RecordId> files;
  for (const auto& n : scan.tree.nodes()) {
    if (n.record == kImplicitDir) continue;
    const auto& r = scan.records[n.record];
    if (r.type == FileType::File && r.size > 0) files.push_back(n.record);
  }
  std::size_t k = std::min(limit, files.size());
  std::partial_sort(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(k), files.end(),
                    [&](RecordId a, RecordId b) {
                      if (scan.records[a].size != scan.records[b].size) return scan.records[a].size > scan.records[b].size;
                      return scan.paths.str(scan.records[a].path) < scan.paths.str(scan.records[b].path);
                    });
  files.resize(k);
  return files;
}

void analysis_to_json(const Analysis& a, json& out, const ReportOptions& options) {
  const ImageScan& s = a.scan;
  out = json::object();
  out["schema_version"] = kAnalyzeSchemaVersion;
  out["ref"] = s.ref;
  out["digest"] = s.digest.str();
  out["platform"] = s.platform.str();
  out["verified"] = s.verified;
  out["total_bytes"] = a.waste.total_bytes;
  out["final_bytes"] = a.waste.final_bytes;
  out["final_files"] = s.tree.files();
  out["final_directories"] = s.tree.directories();
  out["compressed_bytes"] = s.compressed_unknown() ? json(nullptr) : json(s.compressed_bytes());
  out["compressed_computed"] = s.compressed_computed();
  out["tar_bytes"] = s.tar_bytes();
  // dive-compatible
  out["efficiency"] = a.dive.efficiency;
  out["wasted_bytes"] = a.dive.wasted_bytes;
  out["user_wasted_percent"] = finite_or_null(a.dive.user_wasted_percent);
  // imgslim's figures
  out["reclaimable_bytes"] = a.waste.reclaimable_bytes;
  out["reclaimable"] = {
      {"overwritten_bytes", a.waste.overwritten_bytes},
      {"deleted_bytes", a.waste.deleted_bytes},
      {"metadata_only_bytes", a.waste.metadata_only_bytes},
  };
  out["duplicate_bytes"] = a.waste.duplicate_bytes;
  out["base"] = {
      {"layers", a.waste.base.layers},
      {"source", a.waste.base.source},
      {"detail", a.waste.base.detail},
  };
  out["user_bytes"] = a.waste.user_bytes;
  out["user_reclaimable_bytes"] = a.waste.user_reclaimable_bytes;

  json layers = json::array();
  for (const auto& l : s.layers) layers.push_back(layer_json(s, l, a.waste.base.layers));
  out["layers"] = std::move(layers);

  json largest = json::array();
  for (RecordId r : largest_files(s, options.top_files)) {
    const auto& rec = s.records[r];
    largest.push_back({{"path", absolute(s.paths.str(rec.path))}, {"bytes", rec.size}, {"layer", rec.layer}});
  }
  out["largest_files"] = std::move(largest);

  json dups = json::array();
  for (std::size_t i = 0; i < a.waste.duplicates.size() && i < options.top_duplicates; ++i) {
    const auto& g = a.waste.duplicates[i];
    json paths = json::array();
    for (RecordId r : g.records) paths.push_back(absolute(s.paths.str(s.records[r].path)));
    dups.push_back({{"bytes", g.size}, {"copies", g.records.size()}, {"wasted_bytes", g.wasted()}, {"paths", paths}});
  }
  out["duplicates"] = std::move(dups);

  json ineff = json::array();
  for (const auto& i : a.dive.inefficiencies)
    ineff.push_back({{"path", i.path}, {"count", i.count}, {"bytes", i.cum_bytes}});
  out["dive"] = {
      {"efficiency", a.dive.efficiency},
      {"wasted_bytes", a.dive.wasted_bytes},
      {"image_bytes", a.dive.image_bytes},
      {"user_bytes", a.dive.user_bytes},
      {"user_wasted_percent", finite_or_null(a.dive.user_wasted_percent)},
      {"inefficient_files", std::move(ineff)},
  };

  for (const auto& section : analysis_sections())
    if (section.add_json) section.add_json(a, out, options);
}

std::string analysis_json_text(const Analysis& analysis, const ReportOptions& options) {
  json out;
  analysis_to_json(analysis, out, options);
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::analyzers
