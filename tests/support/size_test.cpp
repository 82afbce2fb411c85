#include <doctest/doctest.h>

#include "support/size.h"

using imgslim::parse_size;

TEST_CASE("sizes: SI and IEC units") {
  CHECK(parse_size("250MB") == 250000000ULL);
  CHECK(parse_size("250MiB") == 250ULL * 1024 * 1024);
  CHECK(parse_size("0") == 0ULL);
  CHECK(parse_size("1.5G") == 1500000000ULL);
  CHECK(parse_size("10 kB") == 10000ULL);
  CHECK(parse_size("2Gi") == 2ULL * 1024 * 1024 * 1024);
  CHECK_FALSE(parse_size("ten MB").has_value());
  CHECK_FALSE(parse_size("10 parsecs").has_value());
  CHECK_FALSE(parse_size("").has_value());
}

TEST_CASE("sizes: formatted as SI") {
  CHECK(imgslim::format_size(999) == "999 B");
  CHECK(imgslim::format_size(1220598) == "1.22 MB");
  CHECK(imgslim::format_size_delta(-612000000) == "-612 MB");
}
