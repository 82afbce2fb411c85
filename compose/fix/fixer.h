// The pieces of `--fix` (internal to compose/fix/): the audited project
// each pass reads, the Fixer that fills the override pass by pass — memory
// and CPUs, operations (fix_resources.cpp), health checks and start order
// (fix_health.cpp), settings that depend on the limits (fix_runtime.cpp) —
// and the helpers that read the audit's findings (fix_findings.cpp).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "compose/checks/audit.h"
#include "compose/fix/fix_stack.h"
#include "compose/fix/override_doc.h"
#include "compose/model/service.h"

namespace imgslim::compose {

struct Audited {
  std::string override_path;  // the temporary file the override was loaded from
  Project project;
  std::vector<Service> services;
  Report report;
};

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
};


// A warning or error of one of `rules` on the service.
bool has_finding(const Report& r, const std::string& service, std::initializer_list<const char*> rules);
// The service's finding of `rule` (any severity), or nullptr.
const Finding* finding(const Report& r, const std::string& service, const std::string& rule);
// A recommended value of a finding ("" when none).
std::string recommended(const Finding* f, const std::string& name);
// The service's image facts when its image was read with a PATH, else nullptr.
const ImageFacts* facts_of(const AuditOptions& o, const std::string& service);
// Which key the user's file uses for a resource, so the override never sets
// both `mem_limit` and `deploy.resources.limits.memory` (Compose refuses distinct values).
std::vector<std::string> resource_key(const Service& s, const char* short_key, const char* kind, const char* name);
// "528M"; "0.5", "1".
std::string mib_value(std::uint64_t bytes);
std::string cpus_value(double c);

}  // namespace imgslim::compose
