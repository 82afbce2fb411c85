#include <doctest/doctest.h>

#include "support/excerpt.h"

#include <string>

using imgslim::excerpt;

TEST_CASE("excerpt: short text stays, control characters are escaped") {
  CHECK(excerpt("manifest unknown") == "manifest unknown");
  CHECK(excerpt("a\nb\tc\\d") == "a\\nb\\tc\\\\d");
  CHECK(excerpt("\x1b]0;pwned\x07\x1b[31mred") == "\\x1b]0;pwned\\x07\\x1b[31mred");
  CHECK(excerpt("caf\xc3\xa9") == "caf\\xc3\\xa9");
}

TEST_CASE("excerpt: long text is cut and says how long it was") {
  const std::string body(100000, 'x');
  const std::string out = excerpt(body, 200);
  CHECK(out == std::string(200, 'x') + "... (100000 bytes)");
  // Escapes count toward the bound: a flood of ESC bytes stays short too.
  CHECK(excerpt(std::string(5000, '\x1b'), 40).size() < 70);
}
