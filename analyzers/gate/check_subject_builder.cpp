#include "analyzers/gate/check_subject_builder.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace imgslim::analyzers {

namespace {

void fill_categories(const nlohmann::json& report, bool& has, std::map<std::string, std::uint64_t>& out,
                     std::map<std::string, std::vector<std::pair<std::size_t, std::uint64_t>>>* per_layer) {
  auto it = report.find("categories");
  if (it == report.end() || !it->is_object()) return;
  has = true;
  for (const auto& [cat, v] : it->items()) {
    out[cat] = v.value("bytes", std::uint64_t{0});
    if (!per_layer) continue;
    // "layer_bytes": [bytes per layer index], when the report has it.
    if (auto lb = v.find("layer_bytes"); lb != v.end() && lb->is_array()) {
      for (std::size_t i = 0; i < lb->size(); ++i) {
        std::uint64_t b = (*lb)[i].is_number_unsigned() ? (*lb)[i].get<std::uint64_t>() : 0;
        if (b) (*per_layer)[cat].push_back({i, b});
      }
    } else if (auto ls = v.find("layers"); ls != v.end() && ls->is_array()) {
      for (const auto& l : *ls)
        if (l.is_number_unsigned()) (*per_layer)[cat].push_back({l.get<std::size_t>(), 0});
        else if (l.is_object() && l.contains("index"))
          (*per_layer)[cat].push_back({l.value("index", std::size_t{0}), l.value("bytes", std::uint64_t{0})});
    }
  }
}

}  // namespace

CheckSubject make_check_subject(const Analysis& a, const nlohmann::json& report) {
  const ImageScan& s = a.scan;
  CheckSubject c;
  c.ref = s.ref;
  c.final_bytes = a.waste.final_bytes;
  c.total_bytes = a.waste.total_bytes;
  c.compressed_bytes = s.compressed_bytes();
  c.compressed_computed = s.compressed_computed();
  c.reclaimable_bytes = a.waste.reclaimable_bytes;
  c.efficiency = a.dive.efficiency;
  c.wasted_bytes = a.dive.wasted_bytes;
  c.user_wasted_percent = a.dive.user_wasted_percent;
  for (const auto& l : s.layers) c.layers.push_back({l.index, l.content_bytes, l.created_by});
  fill_categories(report, c.has_categories, c.categories, &c.category_layers);
  if (auto pk = report.find("packages"); pk != report.end() && pk->is_array()) {
    for (const auto& p : *pk) {
      CheckSubject::Package q;
      q.ecosystem = p.value("ecosystem", "");
      q.name = p.value("name", "");
      q.version = p.value("version", "");
      q.category = p.value("category", "");
      q.bytes = p.value("bytes", std::uint64_t{0});
      if (p.contains("layer") && p["layer"].is_number_unsigned()) q.layer = p["layer"].get<std::size_t>();
      c.packages.push_back(q);
    }
  }
  c.user = s.config.user;
  c.entrypoint = s.config.entrypoint;
  c.cmd = s.config.cmd;
  c.has_healthcheck = s.config.healthcheck && !s.config.healthcheck->test.empty() &&
                      s.config.healthcheck->test.front() != "NONE";
  for (const auto& n : s.tree.nodes()) {
    if (n.record == kImplicitDir) continue;
    const auto& r = s.records[n.record];
    if (r.is_dir()) continue;
    c.final_files.push_back({std::string(s.paths.str(n.path)), static_cast<std::uint64_t>(r.size), r.layer});
  }
  return c;
}

DiffSide make_diff_side(const Analysis& a, const nlohmann::json& report) {
  const ImageScan& s = a.scan;
  DiffSide d;
  d.ref = s.ref;
  d.final_bytes = a.waste.final_bytes;
  d.total_bytes = a.waste.total_bytes;
  d.compressed_bytes = s.compressed_bytes();
  d.final_files = s.tree.files();
  for (const auto& l : s.layers) d.layers.push_back({l.diff_id.str(), l.created_by, l.content_bytes});
  fill_categories(report, d.has_categories, d.categories, nullptr);
  if (auto pk = report.find("packages"); pk != report.end() && pk->is_array())
    for (const auto& p : *pk)
      d.packages.push_back({p.value("ecosystem", ""), p.value("name", ""), p.value("version", ""), p.value("category", ""),
                            p.value("bytes", std::uint64_t{0})});
  for (const auto& n : s.tree.nodes()) {
    if (n.record == kImplicitDir) continue;
    const auto& r = s.records[n.record];
    if (r.is_dir()) continue;
    d.files[std::string(s.paths.str(n.path))] = static_cast<std::uint64_t>(r.size);
  }
  return d;
}

}  // namespace imgslim::analyzers
