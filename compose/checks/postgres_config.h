// Which postgresql.conf a PostgreSQL container really reads, as the official
// image runs it: `-c config_file=PATH`, else $PGDATA/postgresql.conf (PGDATA
// from the environment, else the image's: /var/lib/postgresql/data up to 17,
// /var/lib/postgresql/<major>/docker from 18). Container paths are followed
// through the service's bind mounts to the project's files.
#pragma once
#include <string>

#include "compose/checks/audit.h"
#include "compose/checks/postgres_settings.h"

namespace imgslim::compose {

struct PgService {
  PgSettings pg;          // defaults overlaid by the config file read, then by -c arguments
  Location command_at;    // the `command:` line (or the service) for settings left at their defaults
  std::string pgdata;     // the data directory
  std::string config;     // the config file PostgreSQL opens (container path)
};

// PGDATA the image uses when the environment does not set it.
std::string image_pgdata(const std::string& image);

// Reads the settings and reports placement findings: a config mounted where
// PostgreSQL does not read it, a file that is not in the project, a mount
// inside a fresh data directory (initdb refuses a directory that is not empty).
PgService load_postgres(const AuditContext& ctx, const Service& s);

}  // namespace imgslim::compose
