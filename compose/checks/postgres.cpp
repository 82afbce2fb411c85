// PostgreSQL's memory settings against the container's limit (or the host)
// and the disk, with pgtune's "web" values for that limit.
#include <algorithm>
#include <filesystem>

#include "compose/checks/checks.h"
#include "compose/checks/postgres_settings.h"
#include "compose/model/units.h"
#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

constexpr const char* kDefaultDataConf = "/var/lib/postgresql/data/postgresql.conf";

bool is_conf_mount(const Mount& m) {
  return m.target.size() > 5 && m.target.compare(m.target.size() - 5, 5, ".conf") == 0 &&
         m.target.find("postgresql") != std::string::npos && m.target.find("pg_hba") == std::string::npos &&
         m.target.find("pg_ident") == std::string::npos;
}

Location where_of(const PgSettings& pg, const std::string& name, const Location& fallback) {
  const PgSetting* s = pg.find(name);
  return s ? s->where : fallback;
}

std::string setting_text(const PgSettings& pg, const std::string& name) {
  const PgSetting* s = pg.find(name);
  return name + "=" + (s ? s->value : pg_format(pg.bytes(name)) + " (default)");
}

struct PgService {
  const Service& s;
  PgSettings pg;
  Location command_at;
};

// Reads the mounted postgresql.conf (if any) and the -c arguments.
PgService load_settings(const AuditContext& ctx, const Service& s) {
  PgService out{s, {}, s.raw->find("command") ? s.at({"command"}) : s.at({})};
  PgSettings args;
  read_postgres_args(s.argv(), out.command_at, args);
  std::string config_file = args.find("config_file") ? args.find("config_file")->value : kDefaultDataConf;
  // Mounted files are read only inside the project directory (support/rooted_dir.h).
  RootedDir root(ctx.project.dir.empty() ? "." : ctx.project.dir, "project directory");
  for (const auto& m : s.mounts) {
    if (!is_conf_mount(m)) continue;
    if (m.type != "bind") continue;
    if (!root.is_file(m.source)) {
      ctx.add("compose-postgres-config-unreadable", &s,
              "the postgresql.conf mounted at " + m.target + " comes from " + m.source +
                  ", which is not a file here; its settings were not checked (Docker would create an empty directory)",
              m.where);
      continue;
    }
    bool loaded = m.target == config_file || m.target.rfind("/etc/postgresql/conf.d/", 0) == 0;
    if (!loaded)
      ctx.add("compose-postgres-config-not-loaded", &s,
              "postgresql.conf is mounted at " + m.target + " but PostgreSQL reads " + config_file +
                  "; add `-c config_file=" + m.target + "` to the command, or these settings never apply",
              m.where);
    read_postgresql_conf(m.source, out.pg, &root);
  }
  for (const auto& n : root.notes())
    if (std::find(ctx.report.notes.begin(), ctx.report.notes.end(), n) == ctx.report.notes.end())
      ctx.report.notes.push_back(n);
  for (const auto& [name, setting] : args.all()) out.pg.set(name, setting);
  return out;
}

}  // namespace

void check_postgres(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    if (!is_postgres(s)) continue;
    PgService p = load_settings(ctx, s);
    const PgSettings& pg = p.pg;
    auto memory = ctx.memory_for(s);
    Location fallback = p.command_at;
    const std::uint64_t wal_max = pg.bytes("max_wal_size");
    ctx.report.budget.wal_bytes += wal_max;
    if (ctx.options.host_disk) {
      std::uint64_t disk = *ctx.options.host_disk;
      if (wal_max > disk / 10)
        ctx.add("compose-postgres-wal-size", &s,
                setting_text(pg, "max_wal_size") + " lets WAL take " + format_mib(wal_max) + " of the " +
                    format_mib(disk) + " disk; keep it under 10 % (e.g. max_wal_size=" + pg_format(disk / 20 / kMiB * kMiB) + ")",
                where_of(pg, "max_wal_size", fallback));
    }
    if (pg.bytes("min_wal_size") > wal_max)
      ctx.add("compose-postgres-wal-size", &s,
              setting_text(pg, "min_wal_size") + " is above " + setting_text(pg, "max_wal_size"),
              where_of(pg, "min_wal_size", fallback));
    if (!memory) continue;
    const std::uint64_t limit = *memory;
    const std::string limit_text = format_mib(limit) + (s.mem_limit ? " limit" : " host");
    const long long conns = pg.integer("max_connections");
    auto rec = pgtune_web(limit, conns);

    const std::uint64_t shared = pg.bytes("shared_buffers");
    if (shared > limit)
      ctx.add("compose-postgres-shared-buffers", Severity::Error, &s,
              setting_text(pg, "shared_buffers") + " is larger than the " + limit_text +
                  ": PostgreSQL is killed as soon as the buffers fill; use shared_buffers=" + pg_format(limit / 4),
              where_of(pg, "shared_buffers", fallback), rec);
    else if (shared * 10 > limit * 4)
      ctx.add("compose-postgres-shared-buffers", &s,
              setting_text(pg, "shared_buffers") + " is " + std::to_string(shared * 100 / limit) + " % of the " +
                  limit_text + ", leaving little for connections and maintenance; pgtune uses 25 %: shared_buffers=" +
                  pg_format(limit / 4),
              where_of(pg, "shared_buffers", fallback), rec);

    const std::uint64_t cache = pg.bytes("effective_cache_size");
    if (cache > limit)
      ctx.add("compose-postgres-effective-cache-size", &s,
              setting_text(pg, "effective_cache_size") + " tells the planner " + format_mib(cache) +
                  " of cache exists, but the container has " + limit_text + "; use effective_cache_size=" +
                  pg_format(limit * 3 / 4 / 1024 * 1024),
              where_of(pg, "effective_cache_size", fallback), rec);

    const std::uint64_t maintenance = pg.bytes("maintenance_work_mem");
    if (maintenance * 4 > limit)
      ctx.add("compose-postgres-maintenance-work-mem", &s,
              setting_text(pg, "maintenance_work_mem") + " is more than a quarter of the " + limit_text +
                  " (each autovacuum worker may use it); use maintenance_work_mem=" + pg_format(limit / 16 / 1024 * 1024),
              where_of(pg, "maintenance_work_mem", fallback), rec);

    const std::uint64_t work = pg.bytes("work_mem");
    const long long av_workers = pg.integer("autovacuum_max_workers");
    const std::uint64_t peak = shared + pg.bytes("wal_buffers") + static_cast<std::uint64_t>(conns) * work +
                               maintenance + static_cast<std::uint64_t>(av_workers) * pg.bytes("autovacuum_work_mem");
    if (peak > limit)
      ctx.add("compose-postgres-memory-peak", &s,
              "worst case shared_buffers + max_connections × work_mem + maintenance = " + format_mib(shared) + " + " +
                  std::to_string(conns) + " × " + format_mib(work) + " + " + std::to_string(av_workers + 1) + " × " +
                  format_mib(maintenance) + " = " + format_mib(peak) + ", above the " + limit_text +
                  "; lower max_connections or work_mem (pgtune: work_mem=" + rec[4].second + ")",
              where_of(pg, pg.is_set("work_mem") ? "work_mem" : "max_connections", fallback), rec);

    // Connection pools of the services that use this database.
    long long pools = 0;
    std::string users;
    for (const auto& other : ctx.services) {
      if (&other == &s) continue;
      bool uses = other.depends_on.count(s.name) > 0;
      for (const auto& [k, v] : other.environment)
        if (v == s.name || v.find("@" + s.name) != std::string::npos || v.find("//" + s.name) != std::string::npos)
          uses = true;
      if (!uses) continue;
      for (const auto& [k, v] : other.environment) {
        bool pool = k.find("POOL_SIZE") != std::string::npos || k.find("POOL_MAX") != std::string::npos ||
                    k == "DB_POOL_MAX" || k == "PGPOOL_MAX";
        if (!pool) continue;
        char* end = nullptr;
        long long n = std::strtoll(v.c_str(), &end, 10);
        if (*end == '\0' && n > 0) {
          pools += n;
          users += (users.empty() ? "" : ", ") + other.name + " " + k + "=" + v;
        }
      }
    }
    const long long usable = conns - pg.integer("superuser_reserved_connections");
    if (pools > usable)
      ctx.add("compose-postgres-connections", &s,
              "connection pools need " + std::to_string(pools) + " connections (" + users + ") but " +
                  setting_text(pg, "max_connections") + " leaves " + std::to_string(usable) +
                  " for applications; raise max_connections or shrink the pools",
              where_of(pg, "max_connections", fallback));

    std::string summary;
    for (std::size_t i = 1; i < 5; ++i) summary += (i > 1 ? " " : "") + rec[i].first + "=" + rec[i].second;
    ctx.add("compose-postgres-tuning", &s,
            "pgtune (web) for a " + limit_text + " and max_connections=" + std::to_string(conns) + ": " + summary,
            fallback, rec);
  }
}

}  // namespace imgslim::compose
