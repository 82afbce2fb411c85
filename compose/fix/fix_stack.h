// compose/fix/ — `imgslim compose --fix`: the Compose override that resolves
// the audit's findings with a mechanical fix (roles, memory apportioning,
// the override document, this driver). May include: compose/checks/,
// compose/model/, support/.
//
// The driver: audits the project, plans memory (apportion.h), writes limits,
// reservations, cpus, health checks, depends_on conditions, log caps and
// restart policies, audits the project with that override loaded and adds
// what depends on the new limits (Node heaps, PostgreSQL settings, n8n
// concurrency and payloads), then audits once more: what is left is listed
// with the step to take. The user's files are never written.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compose/checks/audit.h"
#include "compose/model/project.h"

namespace imgslim::compose {

struct FixOptions {
  std::map<std::string, std::uint64_t> measured_peaks;  // --from-measure: peak memory by service
  std::string measured_from;                            // the measure JSON's file name, for the comments
  std::string output_name = "docker-compose.imgslim.yml";  // how the header's `docker compose -f` names it
};

struct FixResult {
  std::string yaml;                 // the override; empty when there is nothing to add
  std::vector<std::string> manual;  // findings left, each "where service: message [rule]" and its step
  bool errors_left = false;         // an error finding remains with the override loaded
  Report after;                     // the audit of the files plus the override
};

// Throws imgslim::Error when the stack cannot fit the host (nothing to write)
// or when --host-memory is missing.
FixResult fix_stack(const LoadOptions& load, const AuditOptions& audit_options, const FixOptions& options);

}  // namespace imgslim::compose
