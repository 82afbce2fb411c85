#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/parallel.h"

using imgslim::parallel_for;
using imgslim::run_both;

TEST_CASE("parallel: every index exactly once, on all four threads asked for") {
  std::vector<std::atomic<int>> seen(10000);
  std::mutex m;
  std::condition_variable cv;
  std::set<std::thread::id> threads;
  parallel_for(seen.size(), 4, [&](std::size_t i) {
    seen[i]++;
    std::unique_lock lock(m);
    threads.insert(std::this_thread::get_id());
    cv.notify_all();
    // Each of the first four indexes holds its thread until four threads
    // have shown up: only four workers running side by side get past this
    // (fewer would wait out the timeout and fail the size check below).
    if (i < 4) cv.wait_for(lock, std::chrono::seconds(20), [&] { return threads.size() >= 4; });
  });
  for (auto& s : seen) CHECK(s.load() == 1);
  CHECK(threads.size() == 4);
}

TEST_CASE("parallel: the lowest failing index's error is rethrown") {
  // Index 40 throws first (index 7 waits for it), yet 7's error is the one reported.
  std::atomic<bool> forty_thrown{false};
  try {
    parallel_for(100, 3, [&](std::size_t i) {
      if (i == 7) {
        for (int waited = 0; !forty_thrown && waited < 20000; ++waited)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        throw std::runtime_error("index 7");
      }
      if (i == 40) {
        forty_thrown = true;
        throw std::runtime_error("index 40");
      }
    });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "index 7");
  }
  CHECK(forty_thrown);
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
