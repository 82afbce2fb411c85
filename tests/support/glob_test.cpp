#include <doctest/doctest.h>

#include "support/glob.h"

#include <string>

using imgslim::glob_match;
using imgslim::glob_match_path;

TEST_CASE("glob: stars, questions and brackets") {
  CHECK(glob_match("backend*", "backend:latest"));
  CHECK(glob_match("backend*", "backend"));
  CHECK_FALSE(glob_match("backend*", "frontend:latest"));
  CHECK(glob_match("*.map", "app.js.map"));
  CHECK_FALSE(glob_match("*.map", "dist/app.js.map"));
  CHECK(glob_match("file?.txt", "file1.txt"));
  CHECK_FALSE(glob_match("file?.txt", "file/.txt"));
  CHECK(glob_match("v[0-9].js", "v7.js"));
  CHECK_FALSE(glob_match("v[!0-9].js", "v7.js"));
  CHECK(glob_match("a\\*b", "a*b"));
  CHECK_FALSE(glob_match("a\\*b", "axb"));
}

TEST_CASE("glob: double star crosses directories") {
  CHECK(glob_match("**/.env", ".env"));
  CHECK(glob_match("**/.env", "app/config/.env"));
  CHECK_FALSE(glob_match("**/.env", "app/.envrc"));
  CHECK(glob_match("**/id_rsa", "root/.ssh/id_rsa"));
  CHECK(glob_match("app/**", "app/a/b/c"));
  CHECK(glob_match("usr/**/*.h", "usr/include/linux/fs.h"));
  CHECK_FALSE(glob_match("usr/**/*.h", "usr/include/linux/fs.hpp"));
}

TEST_CASE("glob: path matching ignores leading slash, bare names match at any depth") {
  CHECK(glob_match_path("/root/.npm/**", "root/.npm/_cacache/index"));
  CHECK(glob_match_path("id_rsa", "home/user/.ssh/id_rsa"));
  CHECK(glob_match_path("*.pem", "/etc/ssl/private/key.pem"));
  CHECK_FALSE(glob_match_path("etc/*.pem", "etc/ssl/key.pem"));
}

TEST_CASE("glob: pathological patterns terminate") {
  std::string text(200, 'a');
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", text, false));
}
