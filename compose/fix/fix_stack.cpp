#include "compose/fix/fix_stack.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "compose/checks/checks.h"
#include "compose/checks/health_probe.h"
#include "compose/checks/node_heap.h"
#include "compose/checks/postgres_settings.h"
#include "compose/fix/apportion.h"
#include "compose/fix/override_doc.h"
#include "compose/fix/roles.h"
#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

constexpr double kAssumedCpus = 2;
constexpr std::uint64_t kAutovacuumWorkers = 3;  // PostgreSQL's autovacuum_max_workers default
const char* const kLogMaxSize = "10m";
const char* const kLogMaxFile = "3";

std::string mib_value(std::uint64_t bytes) { return std::to_string(bytes / kMiB) + "M"; }

std::string cpus_value(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

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

struct Audited {
  std::string override_path;  // the temporary file the override was loaded from
  Project project;
  std::vector<Service> services;
  Report report;
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

bool has_finding(const Report& r, const std::string& service, std::initializer_list<const char*> rules) {
  for (const auto& f : r.findings)
    if (f.service == service && f.severity != Severity::Info)
      for (const char* rule : rules)
        if (f.rule == rule) return true;
  return false;
}

const Finding* finding(const Report& r, const std::string& service, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.service == service && f.rule == rule) return &f;
  return nullptr;
}

std::string recommended(const Finding* f, const std::string& name) {
  if (f)
    for (const auto& [k, v] : f->recommended)
      if (k == name) return v;
  return "";
}

const ImageFacts* facts_of(const AuditOptions& o, const std::string& service) {
  for (const auto& f : o.images_read)
    if (f.service == service && f.error.empty() && !f.path.empty()) return &f;
  return nullptr;
}

// Which key the user's file uses for a resource, so the override never sets
// both `mem_limit` and `deploy.resources.limits.memory` (Compose refuses distinct values).
std::vector<std::string> resource_key(const Service& s, const char* short_key, const char* kind, const char* name) {
  if (s.raw && s.raw->find(short_key)) return {short_key};
  return {"deploy", "resources", kind, name};
}

class Fixer {
 public:
  Fixer(const AuditOptions& options, const FixOptions& fix, const Audited& before)
      : options_(options), fix_(fix), before_(before), doc_(service_order(before.services)) {}

  void memory_and_cpus();
  void health_and_order();
  void operations();
  void runtime_settings(const Audited& mid);
  const OverrideDoc& doc() const { return doc_; }
  std::string text(const std::vector<std::string>& header) const { return doc_.empty() ? "" : doc_.render(header); }

 private:
  static std::vector<std::string> service_order(const std::vector<Service>& services) {
    std::vector<std::string> out;
    for (const auto& s : services) out.push_back(s.name);
    return out;
  }
  void postgres(const Service& s, const Audited& mid);
  // The heap written into NODE_OPTIONS, if any (n8n's sizing uses it).
  std::optional<std::uint64_t> node_heap_fix(const Service& s, const Audited& mid);
  void n8n(const Service& s, const Audited& mid, std::optional<std::uint64_t> new_heap);

  const AuditOptions& options_;
  const FixOptions& fix_;
  const Audited& before_;
  OverrideDoc doc_;
  std::map<std::string, std::uint64_t> limits_;  // the limit each service ends with
};

void Fixer::memory_and_cpus() {
  const Report& r = before_.report;
  const std::uint64_t available = *r.budget.available;
  bool memory_findings = !fix_.measured_peaks.empty();
  for (const auto& f : r.findings)
    for (const char* rule : {"compose-no-memory-limit", "compose-memory-overcommit", "compose-memory-limit-exceeds-host",
                             "compose-reservations-overcommit", "compose-reservation-exceeds-limit"})
      memory_findings = memory_findings || (f.rule == rule && f.severity != Severity::Info);
  for (const auto& s : before_.services)
    if (s.mem_limit) limits_[s.name] = *s.mem_limit;
  if (memory_findings) {
    MemoryPlan plan = apportion_memory(before_.services, available, fix_.measured_peaks);
    if (!plan.cannot_fit.empty())
      throw Error(r.files.front(), "cannot fit a " + r.budget.host_label + " host, nothing written: " + plan.cannot_fit);
    for (const auto& s : before_.services) {
      const Allocation& a = plan.by_service.at(s.name);
      limits_[s.name] = a.limit;
      std::string rule = finding(r, s.name, "compose-no-memory-limit")           ? "compose-no-memory-limit"
                         : finding(r, s.name, "compose-memory-limit-exceeds-host") ? "compose-memory-limit-exceeds-host"
                                                                                   : "compose-memory-overcommit";
      if (!fix_.measured_peaks.empty() && fix_.measured_peaks.count(s.name))
        rule += ", sized from " + (fix_.measured_from.empty() ? std::string("a measured run") : fix_.measured_from);
      if (!a.keep_limit)
        doc_.set(s.name, resource_key(s, "mem_limit", "limits", "memory"), mib_value(a.limit), rule + ": " + a.why);
      if (!a.keep_reservation)
        doc_.set(s.name, resource_key(s, "mem_reservation", "reservations", "memory"), mib_value(a.reservation),
                 rule.substr(0, rule.find(',')) + ": reservation = the " + std::string(sizing(role_of(s)).name) +
                     " minimum, at most the limit");
      if (s.memswap_limit && (*s.memswap_limit == -1 || static_cast<std::uint64_t>(*s.memswap_limit) < a.limit))
        doc_.set(s.name, {"memswap_limit"}, mib_value(a.limit),
                 (*s.memswap_limit == -1 ? "compose-swap-unlimited" : "compose-swap-below-limit") +
                     std::string(": equal to the memory limit (no swap)"));
    }
  }
  const bool cpus_known = options_.host_cpus.has_value();
  const double host = options_.host_cpus.value_or(kAssumedCpus);
  for (const auto& s : before_.services) {
    if (!has_finding(r, s.name, {"compose-no-cpu-limit", "compose-cpus-exceed-host"})) continue;
    const RoleSizing& rs = sizing(role_of(s));
    double c = std::max(0.1, std::round(host * rs.cpu_share * 20) / 20);
    doc_.set(s.name, resource_key(s, "cpus", "limits", "cpus"), cpus_value(c),
             std::string(s.cpus ? "compose-cpus-exceed-host" : "compose-no-cpu-limit") + ": " + rs.name + " share " +
                 cpus_value(rs.cpu_share * 100) + " % of " + cpus_value(host) + " CPUs" +
                 (cpus_known ? "" : " (--host-cpus not given: 2 assumed)"));
  }
}

void Fixer::health_and_order() {
  const Report& r = before_.report;
  std::set<std::string> healthy;  // services that have, or get, a health check
  for (const auto& s : before_.services) {
    const RoleSizing& rs = sizing(role_of(s));
    const ImageFacts* facts = facts_of(options_, s.name);
    bool missing = has_finding(r, s.name, {"compose-no-healthcheck"});
    bool wrong_command = has_finding(r, s.name, {"compose-healthcheck-command-missing"});
    if (s.healthcheck.present && !s.healthcheck.disabled && !s.healthcheck.test.empty()) healthy.insert(s.name);
    if (missing || wrong_command) {
      auto probe = health_probe(s, facts);
      if (!probe) continue;  // nothing in the image can probe it: listed after writing
      std::string why = std::string(missing ? "compose-no-healthcheck" : "compose-healthcheck-command-missing") +
                        ": " + probe->checks + " with " + probe->tool +
                        (facts ? ", which " + facts->ref + " has" : "");
      doc_.set_list(s.name, {"healthcheck", "test"}, probe->test, why);
      healthy.insert(s.name);
      if (!missing) continue;
      doc_.set(s.name, {"healthcheck", "interval"}, rs.interval, std::string(rs.name) + " timing");
      doc_.set(s.name, {"healthcheck", "timeout"}, rs.timeout, "below the interval");
      doc_.set(s.name, {"healthcheck", "retries"}, std::to_string(rs.retries), "");
      doc_.set(s.name, {"healthcheck", "start_period"}, rs.start_period, "boot time not counted against retries");
      continue;
    }
    if (has_finding(r, s.name, {"compose-healthcheck-timeout"}) || finding(r, s.name, "compose-healthcheck-timeout")) {
      double interval = s.healthcheck.interval_s.value_or(30);
      double timeout = std::min(5.0, std::floor(interval / 2));
      doc_.set(s.name, {"healthcheck", "timeout"}, cpus_value(std::max(1.0, timeout)) + "s",
               "compose-healthcheck-timeout: shorter than the " + cpus_value(interval) + "s interval");
    }
    if (has_finding(r, s.name, {"compose-healthcheck-start-period"}))
      doc_.set(s.name, {"healthcheck", "start_period"}, rs.start_period,
               std::string("compose-healthcheck-start-period: ") + rs.name + " boot time");
    if (has_finding(r, s.name, {"compose-n8n-worker-health"}))
      doc_.set(s.name, {"environment", "QUEUE_HEALTH_CHECK_ACTIVE"}, "true",
               "compose-n8n-worker-health: the worker serves /healthz only with this");
  }
  for (const auto& s : before_.services) {
    if (!has_finding(r, s.name, {"compose-depends-on-unhealthy"})) continue;
    for (const auto& db : before_.services) {
      if (&db == &s || !is_database(db) || !healthy.count(db.name)) continue;
      bool uses = s.depends_on.count(db.name) > 0;
      for (const auto& [k, v] : s.environment)
        uses = uses || v == db.name || v.find("@" + db.name) != std::string::npos ||
               v.find("//" + db.name) != std::string::npos;
      auto cond = s.depends_on.find(db.name);
      if (!uses || (cond != s.depends_on.end() && cond->second == "service_healthy")) continue;
      doc_.set(s.name, {"depends_on", db.name, "condition"}, "service_healthy",
               "compose-depends-on-unhealthy: start once " + db.name + " accepts connections");
    }
  }
}

void Fixer::operations() {
  const Report& r = before_.report;
  for (const auto& s : before_.services) {
    if (has_finding(r, s.name, {"compose-no-restart"}))
      doc_.set(s.name, {"restart"}, "unless-stopped", "compose-no-restart: back up after a crash or a reboot");
    if (has_finding(r, s.name, {"compose-log-unbounded"})) {
      doc_.set(s.name, {"logging", "driver"}, "json-file", "");
      doc_.set(s.name, {"logging", "options", "max-size"}, std::string(kLogMaxSize),
               "compose-log-unbounded: 10 MB × 3 files = 30 MB of logs at most");
      doc_.set(s.name, {"logging", "options", "max-file"}, kLogMaxFile, "", true);
    }
  }
}

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
