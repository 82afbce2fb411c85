#include <doctest/doctest.h>

#include "compose/checks/nginx_config.h"
#include "tests/compose/compose_test_util.h"
#include "support/error.h"

using namespace imgslim::compose;
using compose_test::TempDir;

TEST_CASE("nginx: blocks, quotes, comments, variables, locations") {
  auto top = parse_nginx_config(R"(# comment
events { worker_connections 512; }
http {
  log_format main '$remote_addr "$request" # not a comment';
  server {
    listen 80;
    set $x "a\"b";
    location ~* "\.(js|css){1,2}$" { expires 1y; }
    location /api/ { proxy_pass http://backend:3001; return 200 "${x}"; }
  }
}
)",
                                "nginx.conf");
  REQUIRE(top.size() == 2);
  CHECK(top[0].name == "events");
  CHECK(top[0].children[0].args == std::vector<std::string>{"512"});
  const auto& http = top[1];
  CHECK(http.where.line == 3);
  CHECK(http.children[0].args[1] == "$remote_addr \"$request\" # not a comment");
  const auto& server = http.children[1];
  CHECK(server.children[1].args[1] == "a\"b");
  CHECK(server.children[2].args == std::vector<std::string>{"~*", "\\.(js|css){1,2}$"});
  CHECK(server.children[2].children[0].name == "expires");
  CHECK(server.children[3].children[1].args[1] == "${x}");
  CHECK(server.children[3].where.line == 9);
}

TEST_CASE("nginx: errors name the file and line") {
  CHECK_THROWS_WITH_AS(parse_nginx_config("http {\n  gzip on;\n", "a.conf"),
                       "a.conf:3: unexpected end of file, expecting \"}\"", imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_nginx_config("gzip on\n}\n", "b.conf"), "b.conf:2: directive \"gzip\" is not terminated by \";\"",
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_nginx_config("}\n", "c.conf"), "c.conf:1: unexpected \"}\"", imgslim::Error);
  CHECK_THROWS_AS(parse_nginx_config("log_format x 'open;\n", "d.conf"), imgslim::Error);
}

TEST_CASE("nginx: includes relative to the file, globs, mounted container paths, loops") {
  TempDir dir("nginx");
  dir.write("conf.d/a.conf", "server { listen 81; }\n");
  dir.write("conf.d/b.conf", "server { listen 82; }\n");
  dir.write("host-snippets/gzip.conf", "gzip on;\n");
  std::string main = dir.write("nginx.conf",
                               "http {\n"
                               "  include /etc/nginx/mime.types;\n"    // inside the image only: skipped
                               "  include /etc/nginx/snippets/*.conf;\n"  // mounted from host-snippets/
                               "  include conf.d/*.conf;\n"
                               "}\n");
  NginxPathMap map = [&](const std::string& p) -> std::optional<std::string> {
    const std::string target = "/etc/nginx/snippets";
    if (p.rfind(target, 0) == 0) return (dir.path / "host-snippets").string() + p.substr(target.size());
    return std::nullopt;
  };
  auto top = read_nginx_config(main, map);
  REQUIRE(top.size() == 1);
  const auto& http = top[0].children;
  REQUIRE(http.size() == 3);
  CHECK(http[0].name == "gzip");
  CHECK(http[0].where.file == (dir.path / "host-snippets/gzip.conf").string());
  CHECK(http[1].children[0].args[0] == "81");
  CHECK(http[2].children[0].args[0] == "82");

  std::string loop = dir.write("loop.conf", "include loop.conf;\n");
  CHECK_THROWS_AS(read_nginx_config(loop), imgslim::Error);
}

TEST_CASE("nginx: the plan's config and the good stack's") {
  // The plan's server block: gzip and static caching are fine; HMR's WebSocket
  // gets a 10 s read timeout and /api/ runs on the 60 s defaults.
  Report plan = compose_test::audit_files({compose_test::fixture("plan/docker-compose.yml"),
                                           compose_test::fixture("plan/section2-limits.yml")},
                                          "3G");
  CHECK(compose_test::findings_of(plan, "compose-nginx-gzip").empty());
  CHECK(compose_test::findings_of(plan, "compose-nginx-static-cache").empty());
  auto timeouts = compose_test::findings_of(plan, "compose-nginx-proxy-timeouts");
  REQUIRE(timeouts.size() == 2);
  CHECK(timeouts[0]->severity == Severity::Warning);
  CHECK(timeouts[0]->where.file == compose_test::fixture("plan/config/nginx-development-optimized.conf"));
  CHECK(timeouts[0]->where.line == 63);
  CHECK(timeouts[1]->severity == Severity::Info);

  Report good = compose_test::audit_files({compose_test::fixture("good/docker-compose.yml")});
  for (const char* rule : {"compose-nginx-gzip", "compose-nginx-static-cache", "compose-nginx-proxy-timeouts",
                           "compose-nginx-config-unreadable"})
    CHECK(compose_test::findings_of(good, rule).empty());
}

TEST_CASE("nginx: --nginx-conf checks a file that is not mounted") {
  auto project = compose_test::load({compose_test::fixture("findings/compose-no-restart.yml")});
  AuditOptions o = compose_test::vps();
  o.nginx_conf = compose_test::fixture("findings/nginx/no-gzip.conf");
  Report r = audit(project, o);
  CHECK(compose_test::findings_of(r, "compose-nginx-gzip").size() == 1);
  CHECK(compose_test::findings_of(r, "compose-nginx-static-cache").size() == 1);
}
