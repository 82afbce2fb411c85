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
void check_health_commands(const AuditContext& ctx);  // with the images: health-check commands on the PATH
void check_operations(const AuditContext& ctx);  // restart policies, log caps
void check_images(const AuditContext& ctx);      // --images: per-image sizes, unreadable images
void check_disk(const AuditContext& ctx);        // images + logs + WAL vs disk
void check_nginx(const AuditContext& ctx);       // gzip, caching, proxy timeouts

// Image amounts in the report's binary units: "921 MiB", "46.4 MiB", and
// "3.6 KiB" below 1 MiB (where MiB would round to 0.0).
std::string format_image_bytes(std::uint64_t bytes);
// "dev-deps 120 MiB, os 80 MiB": an image's top categories in those units
// (the images table, the disk and image findings).
std::string top_categories_mib(const ImageFacts& facts, std::size_t n = 3);

// Shared service classification (image name, command, environment).
bool is_postgres(const Service& s);
bool is_n8n(const Service& s);
bool is_node(const Service& s);
bool is_nginx(const Service& s);
bool is_database(const Service& s);  // postgres, mysql, mariadb, mongo, redis...

// What an n8n service runs: the main process (editor, webhooks, and in regular
// mode the executions), a queue-mode worker (`n8n worker`), a webhook
// processor (`n8n webhook`), or a task runner (n8nio/runners).
enum class N8nRole { None, Main, Worker, Webhook, Runner };
N8nRole n8n_role(const Service& s);
// EXECUTIONS_MODE=queue, or a worker / webhook process (which exist only in queue mode).
bool n8n_queue_mode(const Service& s);

}  // namespace imgslim::compose
