#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/parallel.h"

using imgslim::parallel_for;
using imgslim::run_both;

TEST_CASE("parallel: every index exactly once, on several threads") {
  std::vector<std::atomic<int>> seen(10000);
  std::mutex m;
  std::set<std::thread::id> threads;
  parallel_for(seen.size(), 4, [&](std::size_t i) {
    seen[i]++;
    std::lock_guard lock(m);
    threads.insert(std::this_thread::get_id());
  });
  for (auto& s : seen) CHECK(s.load() == 1);
  CHECK(threads.size() >= 1);
  CHECK(threads.size() <= 4);
}

TEST_CASE("parallel: the lowest failing index's error is rethrown") {
  try {
    parallel_for(100, 3, [](std::size_t i) {
      if (i == 7 || i == 40) throw std::runtime_error("index " + std::to_string(i));
    });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    // 40 may fail first on another thread; 7 is reported whenever it ran.
    const std::string what = e.what();
    CHECK((what == "index 7" || what == "index 40"));
  }
  CHECK_THROWS_WITH(parallel_for(5, 1, [](std::size_t i) {
                      if (i >= 2) throw std::runtime_error("at " + std::to_string(i));
                    }),
                    "at 2");
  int calls = 0;
  parallel_for(0, 4, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("parallel: run_both runs both and rethrows the first task's error first") {
  std::atomic<int> ran{0};
  run_both([&] { ran += 1; }, [&] { ran += 2; });
  CHECK(ran == 3);
  CHECK_THROWS_WITH(run_both([] { throw std::runtime_error("a"); }, [] { throw std::runtime_error("b"); }), "a");
  CHECK_THROWS_WITH(run_both([] {}, [] { throw std::runtime_error("b"); }), "b");
  CHECK(imgslim::worker_threads(1) == 1);
  CHECK(imgslim::worker_threads(64) >= 1);
}
