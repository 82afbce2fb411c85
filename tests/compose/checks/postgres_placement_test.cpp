// Which postgresql.conf PostgreSQL reads: -c config_file=, else
// $PGDATA/postgresql.conf, PGDATA from the environment or the image
// (/var/lib/postgresql/data up to 17, /var/lib/postgresql/<major>/docker from 18),
// followed through the bind mounts; what initdb does with a non-empty data directory.
#include <doctest/doctest.h>

#include "compose/checks/postgres_config.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::audit_files;
using compose_test::findings_of;
using compose_test::fixture;

namespace {

constexpr std::uint64_t MiB = 1024 * 1024;

// The settings the audit used, from pgtune's summary line ("... max_connections=N: ...").
std::string tuning(const Report& r) {
  auto t = findings_of(r, "compose-postgres-tuning");
  REQUIRE(t.size() == 1);
  return t[0]->message;
}

}  // namespace

TEST_CASE("postgres placement: PGDATA of the image, by major version") {
  CHECK(image_pgdata("postgres:16") == "/var/lib/postgresql/data");
  CHECK(image_pgdata("postgres:17.2-alpine") == "/var/lib/postgresql/data");
  CHECK(image_pgdata("postgres:18") == "/var/lib/postgresql/18/docker");
  CHECK(image_pgdata("docker.io/library/postgres:18-alpine@sha256:00") == "/var/lib/postgresql/18/docker");
  CHECK(image_pgdata("pgvector/pgvector:pg18") == "/var/lib/postgresql/18/docker");
  CHECK(image_pgdata("postgres") == "/var/lib/postgresql/data");
}

TEST_CASE("postgres placement: with a custom PGDATA the file at the old data path is not the config") {
  Report r = audit_files({fixture("postgres/pgdata-custom.yml")});
  auto missed = findings_of(r, "compose-postgres-config-not-loaded");
  REQUIRE(missed.size() == 1);
  CHECK(missed[0]->message.find("PostgreSQL reads /var/lib/postgresql/data/pgdata/postgresql.conf") != std::string::npos);
  CHECK(missed[0]->where.line == 9);
  // Not read, so not applied: PostgreSQL runs with max_connections=100 (default), not the file's 40.
  CHECK(tuning(r).find("max_connections=100") != std::string::npos);
  // The file sits beside PGDATA, not inside it: initdb is not disturbed.
  CHECK(findings_of(r, "compose-postgres-config-in-data-dir").empty());
}

TEST_CASE("postgres placement: a file mounted into a fresh data directory stops initdb") {
  Report r = audit_files({fixture("postgres/file-in-datadir.yml")});
  auto refused = findings_of(r, "compose-postgres-config-in-data-dir");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]->severity == Severity::Error);
  CHECK(refused[0]->where.line == 7);
  CHECK(refused[0]->message.find("initdb refuses to start") != std::string::npos);
  CHECK(refused[0]->message.find("-c config_file=/etc/postgresql/postgresql.conf") != std::string::npos);
  CHECK(r.fits);  // a broken start, not a budget problem
  CHECK(exit_code(r, 2) == 1);
  // It is the file PostgreSQL would read: no "not loaded" finding on top.
  CHECK(findings_of(r, "compose-postgres-config-not-loaded").empty());

  // A data directory that already holds a cluster (PG_VERSION): initdb does not run, the file is read.
  Report done = audit_files({fixture("postgres/file-in-initialised-datadir.yml")});
  CHECK(findings_of(done, "compose-postgres-config-in-data-dir").empty());
  CHECK(findings_of(done, "compose-postgres-config-not-loaded").empty());
  CHECK(tuning(done).find("max_connections=40") != std::string::npos);
}

TEST_CASE("postgres placement: a directory mount with config_file= is read, includes through the mount") {
  Report r = audit_files({fixture("postgres/dir-config.yml")});
  CHECK(findings_of(r, "compose-postgres-config-not-loaded").empty());
  CHECK(findings_of(r, "compose-postgres-config-unreadable").empty());
  CHECK(tuning(r).find("max_connections=40") != std::string::npos);
  // shared_buffers 256MB from the file (pgtune says 256MB for 1 GiB too: no finding either way),
  // work_mem 8MB from the absolute include '/etc/postgresql/custom/extra.conf': 40 × 8 MiB in the peak.
  PgService p{};
  {
    auto project = compose_test::load({fixture("postgres/dir-config.yml")});
    auto services = read_services(project);
    Report scratch;
    AuditOptions o = compose_test::vps();
    AuditContext ctx{project, services, o, scratch};
    p = load_postgres(ctx, services.front());
  }
  CHECK(p.config == "/etc/postgresql/custom/memory.conf");
  CHECK(p.pg.bytes("shared_buffers") == 256 * MiB);
  CHECK(p.pg.bytes("work_mem") == 8 * MiB);
  CHECK(p.pg.find("work_mem")->where.file == fixture("postgres/conf/extra.conf"));

  Report missing = audit_files({fixture("postgres/dir-config-missing.yml")});
  auto unreadable = findings_of(missing, "compose-postgres-config-unreadable");
  REQUIRE(unreadable.size() == 1);
  CHECK(unreadable[0]->message.find("PostgreSQL cannot start without it") != std::string::npos);
}

TEST_CASE("postgres placement: postgres:18 reads /var/lib/postgresql/18/docker/postgresql.conf") {
  Report r = audit_files({fixture("postgres/pg18-old-path.yml")});
  auto missed = findings_of(r, "compose-postgres-config-not-loaded");
  REQUIRE(missed.size() == 1);
  CHECK(missed[0]->message.find("PostgreSQL reads /var/lib/postgresql/18/docker/postgresql.conf") != std::string::npos);
  CHECK(findings_of(r, "compose-postgres-config-in-data-dir").empty());
}
