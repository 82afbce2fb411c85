// compose-command-string: what a string command really becomes. compose-go
// splits `command:` strings with go-shellwords (no comment syntax; an
// unquoted '(' is "invalid command line string").
#include <doctest/doctest.h>

#include "compose/model/service.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;
using compose_test::fixture;
using compose_test::TempDir;

// The users' plan, section 3 (fixtures/compose/plan/section3-postgres.yml,
// transcribed from ../shared/seed): a folded block scalar with `# ...`
// comments, one of them "(2s+)".
TEST_CASE("command string: the plan's folded PostgreSQL command is an error naming the comments") {
  Project p = compose_test::load({fixture("plan/docker-compose.yml"), fixture("plan/section3-postgres.yml")});
  REQUIRE(p.diagnostics.size() == 1);
  const Finding& f = p.diagnostics[0];
  CHECK(f.rule == "compose-command-string");
  CHECK(f.severity == Severity::Error);
  CHECK(f.service == "postgres-dev");
  CHECK(f.where.file == fixture("plan/section3-postgres.yml"));
  CHECK(f.where.line == 6);  // -c shared_buffers=128MB           # 25% of 512MB container limit
  CHECK(f.message.find("line 6 \"# 25% of 512MB container limit\"") != std::string::npos);
  CHECK(f.message.find("line 7 \"# 50% of container (conservative)\"") != std::string::npos);
  CHECK(f.message.find("an unquoted '(' (line 7) makes docker compose refuse the file (\"invalid command line string\")") !=
        std::string::npos);
  // The argument list, comment words included.
  CHECK(f.message.find(R"x(["postgres","-c","shared_buffers=128MB","#","25%","of","512MB","container","limit","-c",)x") !=
        std::string::npos);
  CHECK(f.message.find(R"x("-c","log_min_duration_statement=2000","#","Only","log","slow","queries","(2s+)","-c")x") !=
        std::string::npos);
  // The checks see the words the string splits into, comments included.
  auto services = read_services(p);
  for (const auto& s : services)
    if (s.name == "postgres-dev") {
      CHECK(s.command.at(0) == "postgres");
      CHECK(s.command.at(3) == "#");
    }

  Report r = audit(p, compose_test::vps("3G"));
  auto found = compose_test::findings_of(r, "compose-command-string");
  REQUIRE(found.size() == 1);
  CHECK(exit_code(r, 2) == 1);
}

TEST_CASE("command string: comments without parentheses, dropped text, and what passes") {
  TempDir dir("command-string");
  std::string f = dir.write("compose.yml", R"x(services:
  db:
    image: postgres:16
    command: >
      postgres
        -c shared_buffers=128MB   # a quarter of the limit
        -c work_mem=2MB
  api:
    image: node:20
    entrypoint: node server.js && echo done
  ok:
    image: node:20
    command: node -e "console.log('#1 (ok)')"
  listed:
    image: postgres:16
    command: ["postgres", "-c", "shared_buffers=128MB"]  # a YAML comment, not part of the value
)x");
  Project p = compose_test::load({f});
  REQUIRE(p.diagnostics.size() == 2);
  const Finding& db = p.diagnostics[0];
  CHECK(db.service == "db");
  CHECK(db.where.line == 6);
  CHECK(db.where.column == 35);
  CHECK(db.message.find("the comment text (line 6 \"# a quarter of the limit\") reaches the process as arguments") !=
        std::string::npos);
  CHECK(db.message.find(R"x(The process gets 11 arguments: ["postgres","-c","shared_buffers=128MB","#","a","quarter","of","the","limit","-c","work_mem=2MB"])x") !=
        std::string::npos);
  const Finding& api = p.diagnostics[1];
  CHECK(api.service == "api");
  CHECK(api.message.find("entrypoint is a string") == 0);
  CHECK(api.message.find("drops \"&& echo done\"") != std::string::npos);
  CHECK(api.message.find(R"x(The process gets 2 arguments: ["node","server.js"])x") != std::string::npos);
}
