// compose/model/ — a Compose project as Docker Compose loads it: YAML with locations, interpolation,
// .env, env files, the Compose schema, merge, extends and include, typed services, image names, units.
// May include: support/.
//
// Loads a Compose project the way `docker compose -f A -f B config` sees it
// (compose-go's order): `.env` beside the first file; each file read on its
// own (interpolated, validated against the Compose schema, its `extends`
// resolved, its `include:` imported: file_loader.h); the files merged in
// order; links and `service:` namespaces made depends_on; services outside
// the active profiles dropped; Compose's consistency checks; `env_file`
// contents added to each service's environment; string commands checked
// (command_diagnostics.h).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "compose/model/finding.h"
#include "compose/model/interpolation.h"
#include "compose/model/value.h"

namespace imgslim::compose {

struct LoadOptions {
  std::vector<std::string> files;      // in -f order; at least one
  std::vector<std::string> profiles;   // --profile; COMPOSE_PROFILES adds to these
  Environment env;                     // the shell environment (wins over .env)
  std::string project_name;            // -p; else COMPOSE_PROJECT_NAME, `name:`, the directory
};

struct Project {
  std::string dir;                     // directory of the first file: relative paths start here
  std::string name;                    // the project name, normalised as Compose does
  std::vector<std::string> files;
  Value model;                         // the merged document
  Environment env;                     // .env overlaid by the shell environment
  std::set<std::string> unset_variables;
  std::vector<std::string> active_profiles;
  std::vector<std::string> inactive_services;  // dropped by profiles
  std::vector<std::string> notes;      // files treated as absent: a .env leading outside `dir`
  // Findings the loader makes about the model itself (string commands that
  // do not split as written); the audit reports them with the checks'.
  std::vector<Finding> diagnostics;

  const Value* services() const { return model.find("services"); }
  // A path as the project resolves it: absolute stays, relative joins `dir`.
  std::string resolve_path(const std::string& path) const;
};

// Throws imgslim::Error naming the file (and line) on unreadable files,
// invalid YAML, excessive aliasing, a schema violation (unknown key, wrong
// type), a missing `services` mapping, unknown `extends` targets, `extends`,
// `include` or depends_on cycles, distinct values for one resource, a
// missing required env file, or a required variable (${VAR:?}) that is unset.
Project load_project(const LoadOptions& options);

}  // namespace imgslim::compose
