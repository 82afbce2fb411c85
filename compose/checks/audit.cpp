#include "compose/checks/audit.h"

#include <algorithm>
#include <map>

#include "compose/checks/checks.h"
#include "compose/checks/rules.h"
#include "compose/model/units.h"

namespace imgslim::compose {

const Service* AuditContext::find(const std::string& name) const {
  for (const auto& s : services)
    if (s.name == name) return &s;
  return nullptr;
}

ServiceBudget& AuditContext::budget_of(const std::string& name) const {
  for (auto& b : report.services)
    if (b.name == name) return b;
  report.services.push_back({});
  report.services.back().name = name;
  return report.services.back();
}

std::optional<std::uint64_t> AuditContext::memory_for(const Service& s) const {
  if (s.mem_limit) return s.mem_limit;
  return options.host_memory;
}

void AuditContext::add(const std::string& id, const Service* service, std::string message, Location where,
                       std::vector<std::pair<std::string, std::string>> recommended) const {
  add(id, rule(id).severity, service, std::move(message), std::move(where), std::move(recommended));
}

void AuditContext::add(const std::string& id, Severity severity, const Service* service, std::string message,
                       Location where, std::vector<std::pair<std::string, std::string>> recommended) const {
  rule(id);  // an unknown id is a programming error
  if (options.ignore.count(id)) return;
  Finding f;
  f.rule = id;
  f.severity = severity;
  f.service = service ? service->name : "";
  f.message = std::move(message);
  f.where = std::move(where);
  f.recommended = std::move(recommended);
  report.findings.push_back(std::move(f));
}

namespace {

const Finding* first_budget_error(const Report& r) {
  for (const auto& f : r.findings)
    if (f.severity == Severity::Error && rule(f.rule).budget) return &f;
  return nullptr;
}

// What the memory budget says, without a verdict word.
std::string memory_line(const Report& r, std::size_t service_count) {
  const Budget& b = r.budget;
  std::string limits = format_mib(b.total_limits);
  if (!b.host_memory) {
    std::string s = "no --host-memory given; memory limits total " + limits + " across " +
                    counted(static_cast<long long>(service_count), "service");
    if (b.unlimited) s += " (" + std::to_string(b.unlimited) + " without a limit)";
    return s;
  }
  std::string host = b.host_label + " host";
  std::string avail = format_mib(*b.available) + " after " + format_mib(*b.reserve) + " for the OS and Docker";
  if (b.unlimited)
    return std::to_string(b.unlimited) + " of " + counted(static_cast<long long>(service_count), "service") +
           (b.unlimited == 1 ? " has" : " have") + " no memory limit; the others total " + limits + " of the " + avail +
           " on a " + host;
  if (b.total_limits > *b.available)
    return "memory limits total " + limits + ", but a " + host + " has " + avail + " (over by " +
           format_mib(b.total_limits - *b.available) + ")";
  return "memory limits total " + limits + " of the " + avail + " on a " + host + " (" +
         format_mib(*b.available - b.total_limits) + " to spare)";
}

// "fits: ..." only when the stack fits the host and the run passes; "does not
// fit: ..." on a budget error; "fails: ..." when other findings fail the run.
std::string verdict_line(const Report& r, std::size_t service_count, int threshold) {
  const Budget& b = r.budget;
  const std::string memory = memory_line(r, service_count);
  if (!r.fits) {
    const Finding* f = first_budget_error(r);
    bool memory_said = b.host_memory && (b.unlimited || b.total_limits > *b.available);
    if (memory_said && (f->rule == "compose-memory-overcommit" || f->rule == "compose-no-memory-limit"))
      return "does not fit: " + memory;
    return "does not fit: " + f->message;
  }
  std::vector<const Finding*> failing;
  for (const auto& f : r.findings)
    if (static_cast<int>(f.severity) >= threshold) failing.push_back(&f);
  if (!failing.empty()) {
    const Finding& f = *failing.front();
    int counts[3] = {0, 0, 0};
    for (const Finding* g : failing) ++counts[static_cast<int>(g->severity)];
    std::string what;
    for (int sev = 2; sev >= 0; --sev) {
      if (!counts[sev]) continue;
      if (!what.empty()) what += ", ";
      what += counted(counts[sev], sev == 0 ? "info finding" : severity_name(static_cast<Severity>(sev)));
    }
    return "fails: " + what + " (" + (failing.size() > 1 ? "first: " : "") + (f.service.empty() ? "" : f.service + ": ") +
           f.message + "); " + memory;
  }
  if (!b.host_memory) return memory;
  return "fits: " + memory;
}

}  // namespace

Report audit(const Project& project, const AuditOptions& options) {
  std::vector<Service> services = read_services(project);
  Report report;
  report.files = project.files;
  for (const auto& s : services) report.services.push_back({s.name, s.mem_limit, s.mem_reservation, s.cpus,
                                                             s.cpus_reservation, {}, {}, {}, {},
                                                             s.healthcheck.present && !s.healthcheck.disabled,
                                                             s.restart});
  AuditContext ctx{project, services, options, report};
  for (const auto& name : project.unset_variables)
    ctx.add("compose-unset-variable", nullptr, "variable " + name + " is not set; Compose substitutes an empty string",
            {project.files.front(), 0, 0});

  // The loader's findings about the model (compose/model/command_diagnostics.h).
  for (const auto& d : project.diagnostics)
    if (!options.ignore.count(d.rule)) report.findings.push_back(d);

  check_memory(ctx);
  check_cpus(ctx);
  check_node(ctx);
  check_postgres(ctx);
  check_n8n(ctx);
  check_health(ctx);
  check_health_commands(ctx);
  check_operations(ctx);
  check_nginx(ctx);
  check_images(ctx);
  check_disk(ctx);

  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < services.size(); ++i) order[services[i].name] = i + 1;
  std::stable_sort(report.findings.begin(), report.findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return order[a.service] < order[b.service];
  });
  report.fits = std::none_of(report.findings.begin(), report.findings.end(), [](const Finding& f) {
    return f.severity == Severity::Error && rule(f.rule).budget;
  });
  report.passed = exit_code(report, options.failure_threshold) == 0;
  report.verdict = verdict_line(report, services.size(), options.failure_threshold);
  return report;
}

int exit_code(const Report& report, int threshold) {
  for (const auto& f : report.findings)
    if (static_cast<int>(f.severity) >= threshold) return 1;
  return 0;
}

}  // namespace imgslim::compose
