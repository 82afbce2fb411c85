#include "compose/checks/rules.h"

#include <stdexcept>

namespace imgslim::compose {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

int parse_threshold(const std::string& text) {
  if (text == "info") return 0;
  if (text == "warning") return 1;
  if (text == "error") return 2;
  if (text == "none") return 3;
  return -1;
}

const std::vector<Rule>& all_rules() {
  using S = Severity;
  static const std::vector<Rule> rules = {
      {"compose-memory-overcommit", S::Error, "Memory limits add up to more than the host leaves after the OS and Docker", true},
      {"compose-memory-limit-exceeds-host", S::Error, "One service's memory limit is larger than the memory the host has for containers", true},
      {"compose-reservations-overcommit", S::Error, "Memory reservations add up to more than the host has for containers", true},
      {"compose-reservation-exceeds-limit", S::Error, "A memory or CPU reservation is larger than the service's limit", false},
      {"compose-no-memory-limit", S::Error, "A service has no memory limit and can take the whole host down", true},
      {"compose-no-cpu-limit", S::Warning, "A service has no CPU limit", false},
      {"compose-cpus-exceed-host", S::Error, "A CPU limit is larger than the host's CPU count (Docker refuses to start it)", true},
      {"compose-cpu-overcommit", S::Info, "CPU limits add up to more than the host's CPUs (they will compete under load)", false},
      {"compose-cpu-reservations-overcommit", S::Warning, "CPU reservations add up to more than the host's CPUs", false},
      {"compose-swap-unlimited", S::Warning, "memswap_limit -1 lets a container swap without bound", false},
      {"compose-swap-below-limit", S::Error, "memswap_limit is smaller than the memory limit (Docker rejects it)", false},
      {"compose-swap-unset", S::Info, "No memswap_limit: the container may swap as much again as its memory limit", false},
      {"compose-ulimit-soft-above-hard", S::Error, "A ulimit's soft value is above its hard value", false},
      {"compose-ulimit-unlimited-memlock", S::Warning, "memlock is unlimited: locked memory escapes the page cache and swap", false},
      {"compose-node-heap-exceeds-limit", S::Error, "Node's --max-old-space-size is larger than the memory limit", false},
      {"compose-node-heap-near-limit", S::Warning, "Node's heap leaves less than a quarter of the limit for native memory", false},
      {"compose-postgres-shared-buffers", S::Warning, "PostgreSQL shared_buffers does not suit the memory limit", false},
      {"compose-postgres-effective-cache-size", S::Warning, "PostgreSQL effective_cache_size assumes more memory than the limit", false},
      {"compose-postgres-memory-peak", S::Warning, "PostgreSQL's worst-case memory (buffers, work_mem per connection, maintenance) exceeds the limit", false},
      {"compose-postgres-maintenance-work-mem", S::Warning, "PostgreSQL maintenance_work_mem is large for the memory limit", false},
      {"compose-postgres-wal-size", S::Warning, "PostgreSQL WAL size settings do not suit the disk", false},
      {"compose-postgres-config-not-loaded", S::Warning, "A mounted postgresql.conf is not the file PostgreSQL reads", false},
      {"compose-postgres-config-unreadable", S::Warning, "A mounted postgresql.conf could not be read from the project", false},
      {"compose-postgres-config-in-data-dir", S::Error, "A file or directory is mounted inside a fresh PostgreSQL data directory (initdb refuses to start)", false},
      {"compose-postgres-connections", S::Warning, "Connection pools of the services add up to more than max_connections", false},
      {"compose-postgres-tuning", S::Info, "PostgreSQL settings recommended for the memory limit (pgtune, web profile)", false},
      {"compose-n8n-concurrency", S::Warning, "n8n runs production executions without a concurrency limit", false},
      {"compose-n8n-payload", S::Warning, "n8n payload or buffer sizes do not fit its memory", false},
      {"compose-n8n-worker-health", S::Warning, "An n8n worker's health check requests /healthz without QUEUE_HEALTH_CHECK_ACTIVE=true", false},
      {"compose-n8n-unknown-setting", S::Info, "An N8N_* variable that n8n does not read", false},
      {"compose-no-healthcheck", S::Warning, "A long-running service has no health check", false},
      {"compose-healthcheck-timeout", S::Info, "Health check timeout as long as its interval: a hung probe is found late (probes never overlap)", false},
      {"compose-healthcheck-command-missing", S::Error, "A health check runs a command its image does not have on its PATH: it never passes", false},
      {"compose-healthcheck-start-period", S::Warning, "A slow-starting service has no health check start_period", false},
      {"compose-depends-on-unhealthy", S::Warning, "A service needs the database but does not wait for it to be healthy", false},
      {"compose-depends-on-no-healthcheck", S::Error, "depends_on service_healthy names a service without a health check", false},
      {"compose-depends-on-undefined", S::Error, "depends_on names a service that is not defined or not enabled", false},
      {"compose-no-restart", S::Warning, "A long-running service has no restart policy", false},
      {"compose-log-unbounded", S::Warning, "Container logs have no size cap and can fill the disk", false},
      {"compose-disk-budget", S::Error, "Images, logs and WAL add up to more than the disk has", true},
      {"compose-image-heavy", S::Info, "The heaviest images and what fills them", false},
      {"compose-image-unreadable", S::Warning, "A service's image could not be read (not built, not pulled, no such file)", false},
      {"compose-image-max-size", S::Warning, "An image's final filesystem is larger than its per-image limit (check's max-size)", false},
      {"compose-command-string", S::Error, "A string command or entrypoint does not split as written (comment text passed as arguments, text dropped, or refused by Compose)", false},
      {"compose-unset-variable", S::Info, "A variable is used without a value (Compose substitutes an empty string)", false},
      {"compose-nginx-gzip", S::Warning, "nginx does not compress text responses", false},
      {"compose-nginx-static-cache", S::Warning, "nginx serves static assets without caching headers", false},
      {"compose-nginx-proxy-timeouts", S::Info, "nginx proxies without explicit timeouts (60 s defaults)", false},
      {"compose-nginx-config-unreadable", S::Warning, "The nginx configuration could not be read", false},
  };
  return rules;
}

const Rule& rule(std::string_view id) {
  for (const auto& r : all_rules())
    if (r.id == id) return r;
  throw std::logic_error("unknown compose rule " + std::string(id));
}

}  // namespace imgslim::compose
