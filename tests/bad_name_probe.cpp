// Not a test: an executable whose test case names ctest's discovery would
// mangle. tests/support/doctest_main_test.cpp runs it and expects every run
// of it (a query included) to fail, naming each bad test case.
#include <doctest/doctest.h>

TEST_CASE("probe: a name; split by ctest") { CHECK(true); }
TEST_CASE("probe: a [bracketed] name") { CHECK(true); }
TEST_CASE("probe: Same Name") { CHECK(true); }
TEST_CASE("probe: same name") { CHECK(true); }
TEST_CASE("probe: a good name") { CHECK(true); }
