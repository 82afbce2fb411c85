#include "support/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace imgslim {

unsigned worker_threads(unsigned limit) {
  return std::clamp(std::thread::hardware_concurrency(), 1u, std::max(1u, limit));
}

void parallel_for(std::size_t n, unsigned workers, const std::function<void(std::size_t)>& body) {
  workers = unsigned(std::min<std::size_t>(std::max(1u, workers), n));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  std::size_t error_index = SIZE_MAX;
  auto work = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        body(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (i < error_index) {
          error_index = i;
          error = std::current_exception();
        }
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

void run_both(const std::function<void()>& a, const std::function<void()>& b) {
  std::exception_ptr b_error;
  std::thread second([&] {
    try {
      b();
    } catch (...) {
      b_error = std::current_exception();
    }
  });
  std::exception_ptr a_error;
  try {
    a();
  } catch (...) {
    a_error = std::current_exception();
  }
  second.join();
  if (a_error) std::rethrow_exception(a_error);
  if (b_error) std::rethrow_exception(b_error);
}

}  // namespace imgslim
