// PostgreSQL's memory settings against the container's limit (or the host)
// and the disk, with pgtune's "web" values for that limit.
#include <algorithm>

#include "compose/checks/checks.h"
#include "compose/checks/postgres_config.h"
#include "compose/checks/postgres_settings.h"
#include "compose/model/units.h"
#include "support/error.h"

namespace imgslim::compose {
namespace {

Location where_of(const PgSettings& pg, const std::string& name, const Location& fallback) {
  const PgSetting* s = pg.find(name);
  return s ? s->where : fallback;
}

std::string setting_text(const PgSettings& pg, const std::string& name) {
  const PgSetting* s = pg.find(name);
  return name + "=" + (s ? s->value : pg_format(pg.bytes(name)) + " (default)");
}

// pgtune's WAL sizes within the WAL rule's share of the disk.
std::vector<std::pair<std::string, std::string>> wal_recommendation(std::optional<std::uint64_t> cap) {
  auto rec = pgtune_web(kGiB, 100, cap);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& kv : rec)
    if (kv.first == "min_wal_size" || kv.first == "max_wal_size") out.push_back(kv);
  return out;
}

// A size rounded down to what postgresql.conf writes plainly (whole MB, else kB).
std::uint64_t floor_setting(std::uint64_t bytes) { return bytes >= kMiB ? bytes / kMiB * kMiB : bytes / 1024 * 1024; }

// shared_buffers + wal_buffers + max_connections × work_mem + maintenance_work_mem
// + autovacuum_max_workers × autovacuum_work_mem, each term shown in one unit
// (MiB when every setting is whole MiB, else KiB) so the printed sum adds up.
void check_memory_peak(const AuditContext& ctx, const Service& s, const PgSettings& pg, std::uint64_t limit,
                       const std::string& limit_text, const Location& fallback,
                       const std::vector<std::pair<std::string, std::string>>& rec) {
  const std::uint64_t shared = pg.bytes("shared_buffers"), wal = pg.bytes("wal_buffers"), work = pg.bytes("work_mem");
  const std::uint64_t maintenance = pg.bytes("maintenance_work_mem"), av_mem = pg.bytes("autovacuum_work_mem");
  const bool av_own = pg.is_set("autovacuum_work_mem") && pg.find("autovacuum_work_mem")->value != "-1";
  const auto conns = static_cast<std::uint64_t>(std::max(0LL, pg.integer("max_connections")));
  const auto workers = static_cast<std::uint64_t>(std::max(0LL, pg.integer("autovacuum_max_workers")));
  const std::uint64_t connections_total = conns * work, maintenance_total = maintenance + workers * av_mem;
  const std::uint64_t peak = shared + wal + connections_total + maintenance_total;
  if (peak <= limit) return;

  bool whole = true;
  for (std::uint64_t v : {shared, wal, work, maintenance, av_mem}) whole = whole && v % kMiB == 0;
  const std::uint64_t unit = whole ? kMiB : 1024;
  auto amount = [&](std::uint64_t v) { return std::to_string(v / unit) + (whole ? " MiB" : " KiB"); };
  const std::string av_name = av_own ? "autovacuum_work_mem" : "maintenance_work_mem";
  std::string msg = "worst case shared_buffers + wal_buffers + max_connections × work_mem + maintenance_work_mem + "
                    "autovacuum_max_workers × " + av_name + " = " + amount(shared) + " + " + amount(wal) + " + " +
                    std::to_string(conns) + " × " + amount(work) + " + " + amount(maintenance) + " + " +
                    std::to_string(workers) + " × " + amount(av_mem) + " = " + amount(peak) + ", above the " +
                    limit_text + " by " + format_mib(peak - limit);

  // Each lever alone, computed from the current values; the largest part first.
  struct Lever {
    std::uint64_t part;
    std::string setting, text;
  };
  std::vector<Lever> levers;
  const std::uint64_t fixed = shared + wal;
  if (limit > fixed + maintenance_total && conns > 0) {
    const std::uint64_t room = limit - fixed - maintenance_total;
    if (std::uint64_t w = floor_setting(room / conns); w >= 64 * 1024 && w < work)
      levers.push_back({connections_total, "work_mem", "work_mem=" + pg_format(w)});
    const long long reserved = pg.integer("superuser_reserved_connections");
    if (work > 0)
      if (auto c = static_cast<long long>(room / work); c > reserved && c < static_cast<long long>(conns))
        levers.push_back({connections_total, "max_connections", "max_connections=" + std::to_string(c)});
  }
  if (limit > fixed + connections_total) {
    const std::uint64_t room = limit - fixed - connections_total;
    if (!av_own) {
      if (std::uint64_t m = floor_setting(room / (workers + 1)); m >= kMiB && m < maintenance)
        levers.push_back({maintenance_total, "maintenance_work_mem",
                          "maintenance_work_mem=" + pg_format(m) + " (each of the " + std::to_string(workers) +
                              " autovacuum workers uses it too)"});
    } else if (room > maintenance && workers > 0) {
      if (std::uint64_t m = floor_setting((room - maintenance) / workers); m >= kMiB && m < av_mem)
        levers.push_back({maintenance_total, "autovacuum_work_mem", "autovacuum_work_mem=" + pg_format(m)});
    }
  }
  std::stable_sort(levers.begin(), levers.end(), [](const Lever& a, const Lever& b) { return a.part > b.part; });
  std::string where_setting = "shared_buffers";
  if (levers.empty()) {
    msg += "; shared_buffers and wal_buffers leave too little for the rest: lower shared_buffers (pgtune: shared_buffers=" +
           rec[1].second + ")";
  } else {
    where_setting = levers.front().setting;
    msg += "; the largest part is " +
           std::string(levers.front().part == connections_total ? "max_connections × work_mem"
                                                                : "maintenance memory (manual and autovacuum)") +
           " (" + format_mib(levers.front().part) + "); to fit, set ";
    for (std::size_t i = 0; i < levers.size(); ++i) msg += (i ? ", or " : "") + levers[i].text;
  }
  ctx.add("compose-postgres-memory-peak", &s, msg, where_of(pg, where_setting, fallback), rec);
}

}  // namespace

void check_postgres(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    if (!is_postgres(s)) continue;
    PgService p = load_postgres(ctx, s);
    const PgSettings& pg = p.pg;
    auto memory = ctx.memory_for(s);
    Location fallback = p.command_at;
    const std::uint64_t wal_max = pg.bytes("max_wal_size");
    ctx.report.budget.wal_bytes += wal_max;
    std::optional<std::uint64_t> wal_cap;
    if (ctx.options.host_disk) {
      std::uint64_t disk = *ctx.options.host_disk;
      wal_cap = wal_size_cap(disk);
      if (wal_max > disk / 10)
        ctx.add("compose-postgres-wal-size", &s,
                setting_text(pg, "max_wal_size") + " lets WAL take " + format_mib(wal_max) + " of the " +
                    format_mib(disk) + " disk, more than 10 % (" + format_mib(disk / 10) + "); use max_wal_size=" +
                    pg_format(pgtune_max_wal(wal_cap)) + " (pgtune's value within that share)",
                where_of(pg, "max_wal_size", fallback), wal_recommendation(wal_cap));
    }
    if (pg.bytes("min_wal_size") > wal_max)
      ctx.add("compose-postgres-wal-size", &s,
              setting_text(pg, "min_wal_size") + " is above " + setting_text(pg, "max_wal_size"),
              where_of(pg, "min_wal_size", fallback));
    if (!memory) continue;
    const std::uint64_t limit = *memory;
    const std::string limit_text = format_mib(limit) + (s.mem_limit ? " limit" : " host");
    const long long conns = pg.integer("max_connections");
    auto rec = pgtune_web(limit, conns, wal_cap);

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
                  " of cache exists, but the container has a " + limit_text + "; use effective_cache_size=" +
                  pg_format(limit * 3 / 4 / 1024 * 1024),
              where_of(pg, "effective_cache_size", fallback), rec);

    const std::uint64_t maintenance = pg.bytes("maintenance_work_mem");
    if (maintenance * 4 > limit)
      ctx.add("compose-postgres-maintenance-work-mem", &s,
              setting_text(pg, "maintenance_work_mem") + " is more than a quarter of the " + limit_text +
                  " (each autovacuum worker may use it); use maintenance_work_mem=" + pg_format(limit / 16 / 1024 * 1024),
              where_of(pg, "maintenance_work_mem", fallback), rec);

    check_memory_peak(ctx, s, pg, limit, limit_text, fallback, rec);

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
                  " for applications; raise max_connections to " +
                  std::to_string(pools + pg.integer("superuser_reserved_connections")) + " or shrink the pools",
              where_of(pg, "max_connections", fallback),
              {{"max_connections", std::to_string(pools + pg.integer("superuser_reserved_connections"))}});

    std::string summary;
    for (std::size_t i = 1; i < 5; ++i) summary += (i > 1 ? " " : "") + rec[i].first + "=" + rec[i].second;
    ctx.add("compose-postgres-tuning", &s,
            "pgtune (web) for a " + limit_text + " and max_connections=" + std::to_string(conns) + ": " + summary,
            fallback, rec);
  }
}

}  // namespace imgslim::compose
