// compose/ — the Compose side in four rooms: model/ (a project loaded as Docker Compose loads it), checks/
// (this audit and one file per check family), report/ (text, JSON, Markdown, SARIF), fix/ (`--fix`'s
// override, built on the audit).
//
// compose/checks/ — `imgslim compose`: the audit, its rule catalogue and config, and one file per
// check family (memory, cpus, disk, health, images, node, n8n, nginx, postgres, operations).
// May include: compose/model/, support/.
//
// `imgslim compose`: audits a Compose project against the VPS it must fit
// on. The report holds the budget table (per service and total) and the
// findings; renderers (report.h) turn it into text, JSON, Markdown, SARIF.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compose/model/finding.h"
#include "compose/model/image_facts.h"
#include "compose/model/project.h"
#include "compose/model/service.h"

namespace imgslim::compose {

struct AuditOptions {
  std::optional<std::uint64_t> host_memory;
  std::string host_memory_label;       // as the user wrote it ("2G"), for the verdict
  std::optional<double> host_cpus;
  std::optional<std::uint64_t> host_disk;
  // Memory kept for the kernel, the Docker daemon and containerd; default
  // max(256 MiB, 10 % of host memory).
  std::optional<std::uint64_t> os_reserve;
  // Disk kept for the OS, Docker's own data and headroom; default
  // max(2 GiB, 10 % of the disk).
  std::optional<std::uint64_t> disk_reserve;
  bool images = false;                 // analyze each service's image
  std::vector<ImageFacts> images_read; // with `images`: one per service, filled by the caller
  // Per-image advice limit on final filesystem bytes (check's max-size) for
  // images no `budgets:` entry covers; default kDefaultImageMaxSize.
  std::optional<std::uint64_t> image_max_size;
  std::string image_max_size_from = "compose.image-max-size";  // or "--image-max-size"
  std::string nginx_conf;              // explicit nginx.conf (else mounted ones)
  std::set<std::string> ignore;        // rule ids to drop
  // Findings at this severity fail the run (0 info .. 2 error, 3 none); the
  // verdict line says so rather than "fits" when one does.
  int failure_threshold = 2;
};

inline constexpr std::uint64_t kDefaultImageMaxSize = 500'000'000;  // 500 MB

// One distinct image of the stack (services sharing a reference share a row).
struct ImageRow {
  std::vector<std::string> services;
  ImageFacts facts;                  // facts.service: the first service
  std::uint64_t shared_bytes = 0;    // layers already stored for a heavier image listed above
  std::uint64_t max_size = 0;        // the advice limit applied
  std::string max_size_from;         // "budgets (.imgslim.yaml:3)", "compose.image-max-size", "default"
};

struct ServiceBudget {
  std::string name;
  std::optional<std::uint64_t> mem_limit, mem_reservation;
  std::optional<double> cpus, cpus_reservation;
  std::optional<std::uint64_t> heap;       // Node --max-old-space-size
  std::optional<std::uint64_t> log_cap;    // max-size * max-file; nullopt = unbounded
  std::optional<std::uint64_t> image_bytes;
  std::string image_top;                   // "node_modules 120 MB, os 80 MB"
  bool healthcheck = false;
  std::string restart;
};

struct Budget {
  std::optional<std::uint64_t> host_memory, reserve, available;
  std::string host_label;                  // "2G (1907 MiB)"
  std::uint64_t total_limits = 0, total_reservations = 0;
  int unlimited = 0;                       // services without a memory limit
  double total_cpus = 0, total_cpu_reservations = 0;
  std::optional<double> host_cpus;
  std::optional<std::uint64_t> host_disk, disk_reserve;
  std::uint64_t images_bytes = 0, logs_bytes = 0, wal_bytes = 0;
  std::uint64_t images_listed_bytes = 0;   // before counting shared layers once
  int images_unreadable = 0;
  bool images_known = false;
};

struct Report {
  std::vector<std::string> files;
  bool fits = true;                        // no budget rule raised an error
  bool passed = true;                      // no finding at the failure threshold (exit 0)
  std::string verdict;                     // the first line of the text report
  Budget budget;
  std::vector<ServiceBudget> services;
  std::vector<ImageRow> images;            // with --images: heaviest first
  std::vector<Finding> findings;           // sorted: severity, then file order
  std::vector<std::string> notes;          // mounted files treated as absent (support/rooted_dir.h)
};

// What every check sees.
struct AuditContext {
  const Project& project;
  const std::vector<Service>& services;
  const AuditOptions& options;
  Report& report;
  const Service* find(const std::string& name) const;
  ServiceBudget& budget_of(const std::string& name) const;
  // Memory a service may use: its limit, else the host's, else nullopt.
  std::optional<std::uint64_t> memory_for(const Service& s) const;
  void add(const std::string& rule, const Service* service, std::string message, Location where,
           std::vector<std::pair<std::string, std::string>> recommended = {}) const;
  void add(const std::string& rule, Severity severity, const Service* service, std::string message,
           Location where, std::vector<std::pair<std::string, std::string>> recommended = {}) const;
};

Report audit(const Project& project, const AuditOptions& options);

// Exit status for `--failure-threshold` (0 info .. 2 error, 3 none).
int exit_code(const Report& report, int threshold);

}  // namespace imgslim::compose
