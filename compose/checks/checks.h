// The audit's checks, one file each; every check adds findings (and budget
// figures) through the AuditContext.
#pragma once
#include "compose/checks/audit.h"

namespace imgslim::compose {

void check_memory(const AuditContext& ctx);      // limits, reservations, swap, ulimits
void check_cpus(const AuditContext& ctx);
void check_node(const AuditContext& ctx);        // --max-old-space-size vs limit
void check_postgres(const AuditContext& ctx);    // settings vs limit and disk, pgtune
void check_n8n(const AuditContext& ctx);         // concurrency, payloads
void check_health(const AuditContext& ctx);      // healthcheck, depends_on
void check_operations(const AuditContext& ctx);  // restart policies, log caps
void check_images(const AuditContext& ctx);      // --images: per-image sizes, unreadable images
void check_disk(const AuditContext& ctx);        // images + logs + WAL vs disk
void check_nginx(const AuditContext& ctx);       // gzip, caching, proxy timeouts

// Shared service classification (image name, command, environment).
bool is_postgres(const Service& s);
bool is_n8n(const Service& s);
bool is_node(const Service& s);
bool is_nginx(const Service& s);
bool is_database(const Service& s);  // postgres, mysql, mariadb, mongo, redis...

}  // namespace imgslim::compose
