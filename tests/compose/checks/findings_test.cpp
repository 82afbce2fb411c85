// One Compose file per rule in fixtures/compose/findings/<rule>.yml: each
// must raise its rule (on the plan's 2 GB / 2 vCPU / 25 GB VPS), with a line.
#include <doctest/doctest.h>

#include <filesystem>

#include "compose/checks/rules.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;

TEST_CASE("findings: every fixture raises the rule it is named after") {
  namespace fs = std::filesystem;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(compose_test::fixture("findings"))) {
    if (entry.path().extension() != ".yml") continue;
    std::string rule_id = entry.path().stem().string();
    CAPTURE(rule_id);
    REQUIRE_NOTHROW(rule(rule_id));
    Report r = compose_test::audit_files({entry.path().string()}, "2G");
    auto hits = compose_test::findings_of(r, rule_id);
    CHECK(!hits.empty());
    for (const auto* f : hits) {
      // The Compose file, or a config it mounts (nginx.conf, postgresql.conf) beside it.
      CHECK(f->where.file.rfind(compose_test::fixture("findings/"), 0) == 0);
      CHECK(!f->message.empty());
    }
    ++checked;
  }
  CHECK(checked >= 35);
}

TEST_CASE("findings: the good stack raises none of the warning or error rules") {
  Report r = compose_test::audit_files({compose_test::fixture("good/docker-compose.yml")}, "2G");
  for (const auto& rule_def : all_rules()) {
    if (rule_def.severity == Severity::Info) continue;
    CAPTURE(rule_def.id);
    CHECK(compose_test::findings_of(r, rule_def.id).empty());
  }
}

TEST_CASE("findings: --ignore drops a rule") {
  auto project = compose_test::load({compose_test::fixture("findings/compose-no-memory-limit.yml")});
  AuditOptions o = compose_test::vps();
  o.ignore = {"compose-no-memory-limit"};
  Report r = audit(project, o);
  CHECK(compose_test::findings_of(r, "compose-no-memory-limit").empty());
}
