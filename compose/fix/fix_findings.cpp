#include <cstdio>

#include "compose/fix/fixer.h"
#include "compose/model/units.h"

namespace imgslim::compose {

std::string mib_value(std::uint64_t bytes) { return std::to_string(bytes / kMiB) + "M"; }

std::string cpus_value(double c) { return format_decimal(c); }

// The override loaded after the user's files, from a private temporary file.
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

std::vector<std::string> resource_key(const Service& s, const char* short_key, const char* kind, const char* name) {
  if (s.raw && s.raw->find(short_key)) return {short_key};
  return {"deploy", "resources", kind, name};
}

}  // namespace imgslim::compose
