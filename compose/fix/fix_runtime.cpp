// What depends on the limits: PostgreSQL's settings (pgtune for the limit,
// max_connections for the pools), the Node heap in NODE_OPTIONS, n8n's
// concurrency and payload size.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "compose/checks/checks.h"
#include "compose/checks/node_heap.h"
#include "compose/checks/postgres_settings.h"
#include "compose/fix/fixer.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

constexpr std::uint64_t kAutovacuumWorkers = 3;  // PostgreSQL's autovacuum_max_workers default

}  // namespace

void Fixer::runtime_settings(const Audited& mid) {
  for (const auto& s : mid.services) {
    if (is_postgres(s)) postgres(s, mid);
    auto heap = node_heap_fix(s, mid);
    if (n8n_role(s) == N8nRole::Main || n8n_role(s) == N8nRole::Worker) n8n(s, mid, heap);
  }
}

void Fixer::postgres(const Service& s, const Audited& mid) {
  const Report& r = mid.report;
  if (!has_finding(r, s.name, {"compose-postgres-shared-buffers", "compose-postgres-effective-cache-size",
                               "compose-postgres-maintenance-work-mem", "compose-postgres-memory-peak",
                               "compose-postgres-connections", "compose-postgres-wal-size"}))
    return;
  if (!s.mem_limit) return;
  const Finding* tuning = finding(r, s.name, "compose-postgres-tuning");
  long long conns = 100;
  if (std::string c = recommended(tuning, "max_connections"); !c.empty()) conns = std::stoll(c);
  std::string conn_why;
  if (std::string need = recommended(finding(r, s.name, "compose-postgres-connections"), "max_connections"); !need.empty()) {
    conn_why = ", max_connections " + need + " = the pools + the reserved connections";
    conns = std::max(conns, std::stoll(need));
  }
  std::optional<std::uint64_t> wal_cap;
  if (options_.host_disk) wal_cap = wal_size_cap(*options_.host_disk);
  auto rec = pgtune_web(*s.mem_limit, conns, wal_cap);
  std::set<std::string> ours;
  std::vector<std::pair<std::string, std::string>> settings;
  for (const auto& [k, v] : rec) {
    if (!wal_cap && (k == "min_wal_size" || k == "max_wal_size")) continue;
    if (k == "checkpoint_completion_target" || k == "default_statistics_target") continue;  // PostgreSQL's defaults
    ours.insert(k);
    settings.emplace_back(k, v);
  }
  // pgtune's work_mem floor (4 MB) can still overrun a small limit in the
  // worst case (audit: compose-postgres-memory-peak): lower it until it fits.
  auto setting = [&](const std::string& name) -> std::string& {
    for (auto& kv : settings)
      if (kv.first == name) return kv.second;
    throw std::logic_error("pgtune value missing: " + name);
  };
  const std::uint64_t fixed = *pg_memory("shared_buffers", setting("shared_buffers")) +
                              *pg_memory("wal_buffers", setting("wal_buffers")) +
                              *pg_memory("maintenance_work_mem", setting("maintenance_work_mem")) * (1 + kAutovacuumWorkers);
  const std::uint64_t work = *pg_memory("work_mem", setting("work_mem"));
  std::string work_why;
  if (fixed + static_cast<std::uint64_t>(conns) * work > *s.mem_limit && *s.mem_limit > fixed) {
    std::uint64_t fit = (*s.mem_limit - fixed) / static_cast<std::uint64_t>(conns);
    fit = fit >= kMiB ? fit / kMiB * kMiB : std::max<std::uint64_t>(fit / 1024 * 1024, 64 * 1024);
    setting("work_mem") = pg_format(fit);
    work_why = ", work_mem lowered so that shared_buffers + wal_buffers + " + std::to_string(conns) +
               " × work_mem + 4 × maintenance_work_mem fits";
  }
  // The user's command without the settings set here; `postgres` when none.
  std::vector<std::string> argv = s.command.empty() ? std::vector<std::string>{"postgres"} : s.command;
  // A string command that does not split as written (compose-command-string:
  // shell comments passed as arguments) keeps only its program and settings.
  const bool garbled = finding(r, s.name, "compose-command-string") != nullptr;
  std::vector<std::string> kept;
  std::string dropped_why;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string setting;
    if (argv[i] == "-c" && i + 1 < argv.size()) setting = argv[i + 1];
    else if (argv[i].rfind("-c", 0) == 0 && argv[i].size() > 2) setting = argv[i].substr(2);
    else if (argv[i].rfind("--", 0) == 0) setting = argv[i].substr(2);
    const std::string name = setting.substr(0, setting.find('='));
    const bool well_formed = setting.find('=') != std::string::npos && !name.empty() &&
                             name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.") == std::string::npos;
    if (!setting.empty() && (ours.count(name) || (garbled && !well_formed))) {
      if (argv[i] == "-c") ++i;
      continue;
    }
    if (garbled && setting.empty() && i > 0) {
      dropped_why = "; the words of your command that are not settings (compose-command-string: comment text) are left out";
      continue;
    }
    kept.push_back(argv[i]);
    if (argv[i] == "-c" && i + 1 < argv.size()) kept.push_back(argv[++i]);
  }
  for (const auto& [k, v] : settings) {
    kept.push_back("-c");
    kept.push_back(k + "=" + v);
  }
  doc_.set_list(s.name, {"command"}, kept,
                "compose-postgres-tuning: pgtune (web) for the " + format_mib(*s.mem_limit) + " limit" + conn_why + work_why + dropped_why +
                    "; -c overrides postgresql.conf");
}

std::optional<std::uint64_t> Fixer::node_heap_fix(const Service& s, const Audited& mid) {
  const Report& r = mid.report;
  const char* rule = has_finding(r, s.name, {"compose-node-heap-exceeds-limit"}) ? "compose-node-heap-exceeds-limit"
                     : has_finding(r, s.name, {"compose-node-heap-near-limit"})  ? "compose-node-heap-near-limit"
                                                                                 : nullptr;
  auto heap = node_heap(s);
  if (!rule || !heap || heap->source != "NODE_OPTIONS" || !s.mem_limit) return std::nullopt;
  const std::uint64_t heap_mib = *s.mem_limit * 3 / 4 / kMiB;
  std::string options;
  std::vector<std::string> words = split_command(s.environment.at("NODE_OPTIONS"));
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--max-old-space-size", 0) == 0 || w.rfind("--max_old_space_size", 0) == 0) {
      if (w.find('=') == std::string::npos && i + 1 < words.size()) ++i;
      continue;
    }
    options += w + " ";
  }
  options += "--max-old-space-size=" + std::to_string(heap_mib);
  doc_.set(s.name, {"environment", "NODE_OPTIONS"}, options,
           std::string(rule) + ": 75 % of the " + format_mib(*s.mem_limit) + " limit, other flags kept");
  return heap_mib * kMiB;
}

void Fixer::n8n(const Service& s, const Audited& mid, std::optional<std::uint64_t> new_heap) {
  const Report& r = mid.report;
  const bool concurrency = has_finding(r, s.name, {"compose-n8n-concurrency"});
  const bool payload = has_finding(r, s.name, {"compose-n8n-payload"});
  if (!concurrency && !payload && !new_heap) return;
  auto memory = s.mem_limit;
  if (!memory) return;
  auto heap = node_heap(s);
  const std::uint64_t usable = new_heap ? *new_heap : heap ? heap->bytes : v8_default_heap(*memory);
  std::uint64_t payload_bytes = 16 * kMiB;
  if (auto it = s.environment.find("N8N_PAYLOAD_SIZE_MAX"); it != s.environment.end())
    if (long long n = std::atoll(it->second.c_str()); n > 0) payload_bytes = static_cast<std::uint64_t>(n) * kMiB;
  long long limit = 0;
  if (auto it = s.environment.find("N8N_CONCURRENCY_PRODUCTION_LIMIT"); it != s.environment.end())
    limit = std::atoll(it->second.c_str());
  const std::string heap_text = format_mib(usable) + " heap";
  if (concurrency || limit <= 0) {
    limit = std::clamp<long long>(static_cast<long long>(usable / (payload_bytes * 2)), 1, 20);
    if (n8n_role(s) == N8nRole::Main && !n8n_queue_mode(s))
      doc_.set(s.name, {"environment", "N8N_CONCURRENCY_PRODUCTION_LIMIT"}, std::to_string(limit),
               "compose-n8n-concurrency: " + heap_text + " ÷ (2 × " + format_mib(payload_bytes) +
                   " payloads), at most 20",
               true);
  }
  if (static_cast<std::uint64_t>(limit) * payload_bytes * 2 > usable) {
    std::uint64_t fit = std::max<std::uint64_t>(1, usable / (2 * static_cast<std::uint64_t>(limit)) / kMiB);
    doc_.set(s.name, {"environment", "N8N_PAYLOAD_SIZE_MAX"}, std::to_string(fit),
             "compose-n8n-payload: " + heap_text + " ÷ (2 × " + std::to_string(limit) + " concurrent executions), MiB",
             true);
  }
}

// The step for a finding `--fix` leaves to the user.
}  // namespace imgslim::compose
