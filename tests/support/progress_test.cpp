#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>
#include <vector>

#include "support/progress.h"
#include "support/terminal.h"

TEST_CASE("progress: counts from several threads and renders bytes of total") {
  imgslim::Progress p("backend:latest", 4'000'000, 4, false);
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) p.add_bytes(1000);
      p.layer_done();
    });
  for (auto& w : workers) w.join();
  CHECK(p.bytes() == 4'000'000);
  CHECK(p.layers_done() == 4);
  CHECK(p.line() == "backend:latest  [########################] 4.00 MB / 4.00 MB  layers 4/4");
}

TEST_CASE("terminal: NO_COLOR and non-terminals get no colour") {
  setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(imgslim::use_color(stdout));
  unsetenv("NO_COLOR");
  std::FILE* f = std::tmpfile();
  CHECK_FALSE(imgslim::use_color(f));
  CHECK_FALSE(imgslim::is_terminal(f));
  std::fclose(f);
  CHECK_FALSE(imgslim::Progress::should_show(true));
}
