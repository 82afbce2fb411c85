#include <doctest/doctest.h>

#include "compose/checks/postgres_settings.h"
#include "tests/compose/compose_test_util.h"
#include "support/error.h"

using namespace imgslim::compose;

TEST_CASE("postgres: units per parameter, defaults, -c arguments") {
  constexpr std::uint64_t MiB = 1024 * 1024;
  CHECK(*pg_memory("shared_buffers", "128MB") == 128 * MiB);
  CHECK(*pg_memory("shared_buffers", "16384") == 128 * MiB);  // 8 kB blocks
  CHECK(*pg_memory("work_mem", "4096") == 4 * MiB);           // kB
  CHECK(*pg_memory("max_wal_size", "512") == 512 * MiB);      // MB
  CHECK(*pg_memory("effective_cache_size", "1GB") == 1024 * MiB);
  CHECK_FALSE(pg_memory("work_mem", "lots").has_value());

  PgSettings pg;
  CHECK(pg.bytes("effective_cache_size") == 4096 * MiB);  // PostgreSQL's default
  CHECK(pg.integer("max_connections") == 100);
  CHECK(pg.bytes("wal_buffers") == 4 * MiB);  // -1: shared_buffers / 32
  read_postgres_args({"postgres", "-c", "shared_buffers=256MB", "-cwork_mem=8MB", "--max-connections=30"},
                     {"compose.yml", 3, 5}, pg);
  CHECK(pg.bytes("shared_buffers") == 256 * MiB);
  CHECK(pg.bytes("work_mem") == 8 * MiB);
  CHECK(pg.integer("max_connections") == 30);
  CHECK(pg.find("shared_buffers")->where.line == 3);
  CHECK(pg.bytes("wal_buffers") == 8 * MiB);
  CHECK(pg.bytes("autovacuum_work_mem") == 64 * MiB);  // -1: maintenance_work_mem
}

TEST_CASE("postgres: postgresql.conf with comments, quotes and includes") {
  compose_test::TempDir dir("pgconf");
  dir.write("conf.d/10-memory.conf", "work_mem = '6MB'\n");
  dir.write("extra.conf", "max_connections 50\n");
  std::string main = dir.write("postgresql.conf",
                               "# comment\n"
                               "shared_buffers = 64MB          # trailing\n"
                               "log_line_prefix = '%m [%p] # not a comment ''quoted'''\n"
                               "include 'extra.conf'\n"
                               "include_if_exists 'absent.conf'\n"
                               "include_dir 'conf.d'\n");
  PgSettings pg;
  read_postgresql_conf(main, pg);
  CHECK(pg.bytes("shared_buffers") == 64ull * 1024 * 1024);
  CHECK(pg.find("shared_buffers")->where.line == 2);
  CHECK(pg.find("log_line_prefix")->value == "%m [%p] # not a comment 'quoted'");
  CHECK(pg.integer("max_connections") == 50);
  CHECK(pg.bytes("work_mem") == 6ull * 1024 * 1024);

  std::string bad = dir.write("bad.conf", "shared_buffers = 'unterminated\n");
  PgSettings b;
  CHECK_THROWS_WITH_AS(read_postgresql_conf(bad, b), (bad + ":1: unterminated quoted string").c_str(), imgslim::Error);

  // The plan's configuration file parses completely.
  PgSettings plan;
  read_postgresql_conf(compose_test::fixture("plan/config/postgresql-performance.conf"), plan);
  CHECK(plan.integer("max_connections") == 25);
  CHECK(plan.bytes("shared_buffers") == 128ull * 1024 * 1024);
  CHECK(plan.bytes("max_wal_size") == 512ull * 1024 * 1024);
}

TEST_CASE("postgres: pgtune web values") {
  auto find = [](const auto& rec, const std::string& k) {
    for (const auto& [name, v] : rec)
      if (name == k) return v;
    return std::string();
  };
  // 512 MiB, 25 connections (the plan's container): work_mem hits pgtune's 4 MB floor.
  auto small = pgtune_web(512ull << 20, 25);
  CHECK(find(small, "shared_buffers") == "128MB");
  CHECK(find(small, "effective_cache_size") == "384MB");
  CHECK(find(small, "maintenance_work_mem") == "32MB");
  CHECK(find(small, "work_mem") == "4MB");
  CHECK(find(small, "wal_buffers") == "3932kB");
  // 8 GiB, 100 connections: (8388608 - 2097152) kB / ((100 + 8) * 3) = 19418 kB.
  auto big = pgtune_web(8ull << 30, 100);
  CHECK(find(big, "shared_buffers") == "2GB");
  CHECK(find(big, "effective_cache_size") == "6GB");
  CHECK(find(big, "maintenance_work_mem") == "512MB");
  CHECK(find(big, "work_mem") == "19418kB");
  CHECK(find(big, "wal_buffers") == "16MB");
}
