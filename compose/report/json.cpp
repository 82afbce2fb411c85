#include <nlohmann/json.hpp>

#include "compose/report/report.h"

namespace imgslim::compose {
namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

static nlohmann::json finding_json(const Finding& f) {
  nlohmann::json j = {{"rule", f.rule},       {"severity", severity_name(f.severity)},
                      {"service", f.service}, {"message", f.message},
                      {"file", f.where.file}, {"line", f.where.line},
                      {"column", f.where.column}};
  if (!f.recommended.empty()) {
    nlohmann::json rec = nlohmann::json::object();
    for (const auto& [k, v] : f.recommended) rec[k] = v;
    j["recommended"] = rec;
  }
  return j;
}

std::string render_json(const Report& r) {
  const Budget& b = r.budget;
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : r.services)
    services.push_back({{"name", s.name},
                        {"memory_limit_bytes", opt(s.mem_limit)},
                        {"memory_reservation_bytes", opt(s.mem_reservation)},
                        {"cpus", opt(s.cpus)},
                        {"cpus_reservation", opt(s.cpus_reservation)},
                        {"heap_bytes", opt(s.heap)},
                        {"log_cap_bytes", opt(s.log_cap)},
                        {"image_bytes", opt(s.image_bytes)},
                        {"image_top", s.image_top},
                        {"healthcheck", s.healthcheck},
                        {"restart", s.restart}});
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(f));
  nlohmann::json images = nlohmann::json::array();
  for (const auto& row : r.images) {
    const ImageFacts& f = row.facts;
    nlohmann::json top = nlohmann::json::array();
    for (const auto& c : f.top) top.push_back({{"category", c.category}, {"bytes", c.bytes}});
    nlohmann::json j = {{"ref", f.ref},
                        {"services", row.services},
                        {"bytes", opt(f.bytes)},
                        {"final_bytes", opt(f.final_bytes)},
                        {"compressed_bytes", opt(f.compressed_bytes)},
                        {"shared_bytes", row.shared_bytes},
                        {"layers", f.layers.size()},
                        {"top_categories", top},
                        {"error", f.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.error)}};
    if (f.error.empty()) j["max_size"] = {{"bytes", row.max_size}, {"from", row.max_size_from}};
    images.push_back(std::move(j));
  }
  nlohmann::json j = {
      {"schema_version", 1},
      {"files", r.files},
      {"fits", r.fits},
      {"passed", r.passed},
      {"verdict", r.verdict},
      {"host",
       {{"memory_bytes", opt(b.host_memory)},
        {"reserve_bytes", opt(b.reserve)},
        {"available_bytes", opt(b.available)},
        {"cpus", opt(b.host_cpus)},
        {"disk_bytes", opt(b.host_disk)},
        {"disk_reserve_bytes", opt(b.disk_reserve)}}},
      {"totals",
       {{"memory_limits_bytes", b.total_limits},
        {"memory_reservations_bytes", b.total_reservations},
        {"services_without_memory_limit", b.unlimited},
        {"cpus", b.total_cpus},
        {"cpus_reservations", b.total_cpu_reservations},
        {"images_bytes", b.images_known ? nlohmann::json(b.images_bytes) : nlohmann::json(nullptr)},
        {"images_summed_bytes", b.images_known ? nlohmann::json(b.images_listed_bytes) : nlohmann::json(nullptr)},
        {"images_unreadable", b.images_unreadable},
        {"logs_bytes", b.logs_bytes},
        {"wal_bytes", b.wal_bytes}}},
      {"services", services},
      {"images", images},
      {"findings", findings},
  };
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace imgslim::compose
