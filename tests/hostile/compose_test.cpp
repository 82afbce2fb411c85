// Hostile Compose files: a file naming a device through extends or -f must
// fail at once with one line, never be read forever.
#include <fstream>

#include "tests/hostile/hostile_harness.h"

using namespace imgslim::testing;

TEST_CASE("hostile compose: extends from /dev/zero") {
  TempDir dir;
  std::ofstream(dir / "docker-compose.yml") << "services:\n  a:\n    extends:\n      file: /dev/zero\n      service: b\n";
  const auto r = run_bounded({"compose", "-f", dir / "docker-compose.yml", "--host-memory", "2G"}, dir.path, {},
                             Bounds{sanitized_build() ? 120 : 30});
  CHECK_FALSE(r.timed_out);
  expect_error(r, "/dev/zero", "not a regular file");
}
