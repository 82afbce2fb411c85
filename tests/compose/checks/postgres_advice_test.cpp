// Fix texts computed from the current values: the memory-peak sum adds up
// (wal_buffers included), a suggested value is always below the current one,
// maintenance_work_mem is named when maintenance memory is the lever, and the
// WAL rule and pgtune agree on one threshold (10 % of the disk).
#include <doctest/doctest.h>

#include <sstream>

#include "compose/checks/postgres_settings.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::audit_files;
using compose_test::findings_of;
using compose_test::fixture;

namespace {

constexpr std::uint64_t MiB = 1024 * 1024, KiB = 1024;

// Evaluates "A unit + N × B unit + ... = T unit" from the message; returns {sum of terms, T, unit}.
struct Sum {
  std::uint64_t terms = 0, total = 0;
  std::string unit;
  int count = 0;
};
Sum sum_in(const std::string& message) {
  auto first = message.find(" = ");
  auto second = message.find(" = ", first + 3);
  REQUIRE(second != std::string::npos);
  std::string lhs = message.substr(first + 3, second - first - 3);
  std::string rhs = message.substr(second + 3, message.find(',', second) - second - 3);
  Sum s;
  std::istringstream total(rhs);
  total >> s.total >> s.unit;
  std::size_t pos = 0;
  while (pos <= lhs.size()) {
    std::size_t end = lhs.find(" + ", pos);
    std::string term = lhs.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::uint64_t factor = 1, value = 0;
    std::string unit;
    auto times = term.find(" × ");
    if (times != std::string::npos) {
      factor = std::stoull(term.substr(0, times));
      term = term.substr(times + std::string(" × ").size());
    }
    std::istringstream t(term);
    t >> value >> unit;
    CHECK(unit == s.unit);  // one unit throughout
    s.terms += factor * value;
    ++s.count;
    if (end == std::string::npos) break;
    pos = end + 3;
  }
  return s;
}

// "name=VALUE" in the message as bytes (PostgreSQL units), or 0.
std::uint64_t suggested(const std::string& message, const std::string& name) {
  auto at = message.find("set " + name + "=");
  if (at == std::string::npos) at = message.find("or " + name + "=");
  if (at == std::string::npos) return 0;
  at = message.find('=', at) + 1;
  std::string value = message.substr(at, message.find_first_of(" ,;(", at) - at);
  return pg_memory(name, value).value_or(0);
}

}  // namespace

TEST_CASE("postgres advice: the peak sum names wal_buffers and adds up exactly") {
  // 200 connections × 16 MiB on 1 GiB (the rule's fixture): 128 + 4 + 3200 + 64 + 3 × 64 = 3588 MiB.
  Report r = audit_files({fixture("findings/compose-postgres-memory-peak.yml")});
  auto peak = findings_of(r, "compose-postgres-memory-peak");
  REQUIRE(peak.size() == 1);
  const std::string& m = peak[0]->message;
  CHECK(m.find("shared_buffers + wal_buffers + max_connections × work_mem") != std::string::npos);
  Sum s = sum_in(m);
  CHECK(s.count == 5);
  CHECK(s.unit == "MiB");
  CHECK(s.terms == s.total);
  CHECK(s.total == 3588);
  // Each fix is below the current value and brings the peak under 1024 MiB.
  std::uint64_t work = suggested(m, "work_mem");
  REQUIRE(work > 0);
  CHECK(work < 16 * MiB);
  CHECK(128 * MiB + 4 * MiB + 200 * work + 4 * 64 * MiB <= 1024 * MiB);
  CHECK(m.find("max_connections=39") != std::string::npos);  // (1024 - 132 - 256) / 16
  CHECK(m.find("maintenance_work_mem=") == std::string::npos);  // 256 MiB of maintenance cannot make room alone

  // wal_buffers=3932kB: the same sum in KiB, still exact.
  Report kib = audit_files({fixture("postgres/peak-kib.yml")});
  auto k = findings_of(kib, "compose-postgres-memory-peak");
  REQUIRE(k.size() == 1);
  Sum sk = sum_in(k[0]->message);
  CHECK(sk.unit == "KiB");
  CHECK(sk.terms == sk.total);
  CHECK(sk.total * KiB == 128 * MiB + 3932 * KiB + 100 * 8 * MiB + 64 * MiB + 3 * 32 * MiB);
  CHECK(k[0]->message.find("autovacuum_max_workers × autovacuum_work_mem") != std::string::npos);
}

TEST_CASE("postgres advice: maintenance memory is the lever, work_mem is never raised") {
  // 20 × 4 MiB of work_mem, but (1 + 3 autovacuum workers) × 128 MiB of maintenance on 512 MiB.
  Report r = audit_files({fixture("postgres/peak-maintenance.yml")});
  auto peak = findings_of(r, "compose-postgres-memory-peak");
  REQUIRE(peak.size() == 1);
  const std::string& m = peak[0]->message;
  CHECK(sum_in(m).total == 128 + 4 + 20 * 4 + 128 + 3 * 128);
  CHECK(m.find("the largest part is maintenance memory") != std::string::npos);
  std::uint64_t maintenance = suggested(m, "maintenance_work_mem");
  REQUIRE(maintenance > 0);
  CHECK(maintenance < 128 * MiB);
  CHECK(128 * MiB + 4 * MiB + 20 * 4 * MiB + 4 * maintenance <= 512 * MiB);
  // pgtune's work_mem for 512 MiB and 20 connections (4681kB) is above the current 4MB: never offered as a cut.
  CHECK(pgtune_web(512 * MiB, 20)[4].second == "4681kB");
  CHECK(m.find("work_mem=4681kB") == std::string::npos);
  std::uint64_t work = suggested(m, "work_mem");
  CHECK((work == 0 || work < 4 * MiB));
  CHECK(peak[0]->where.line == 6);  // the command that sets maintenance_work_mem
}

TEST_CASE("postgres advice: the WAL rule and pgtune use one threshold, 10 % of the disk") {
  CHECK(wal_size_cap(25'000'000'000ull) == 2048 * MiB);  // 2.5 GB -> 2GB
  CHECK(wal_size_cap(5'000'000'000ull) == 448 * MiB);    // 500 MB -> 448MB (64 MB steps)
  Report r = audit_files({fixture("findings/compose-postgres-wal-size.yml")});  // max_wal_size=8GB, 25 GB disk
  auto wal = findings_of(r, "compose-postgres-wal-size");
  REQUIRE(wal.size() == 1);
  CHECK(wal[0]->message.find("more than 10 %") != std::string::npos);
  CHECK(wal[0]->message.find("use max_wal_size=2GB") != std::string::npos);
  std::string pgtune_max;
  for (const auto& [k, v] : wal[0]->recommended)
    if (k == "max_wal_size") pgtune_max = v;
  CHECK(pgtune_max == "2GB");
  // What the rule suggests passes the rule.
  CHECK(*pg_memory("max_wal_size", pgtune_max) <= 25'000'000'000ull / 10);
  // Without a disk, pgtune's own 4GB / 1GB.
  auto plain = pgtune_web(1024 * MiB, 100);
  CHECK(plain[7].second == "4GB");
  CHECK(plain[6].second == "1GB");
}
