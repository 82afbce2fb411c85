// Small helpers to spread independent work over the machine's cores: a
// parallel for over indices and running two tasks side by side. The first
// exception (lowest index) is rethrown in the caller once all work stopped.
#pragma once
#include <cstddef>
#include <functional>

namespace imgslim {

// Cores to use for CPU-bound work: hardware_concurrency clamped to 1..limit.
unsigned worker_threads(unsigned limit = 4);

// Calls body(i) for every i in [0, n), on up to `workers` threads.
void parallel_for(std::size_t n, unsigned workers, const std::function<void(std::size_t)>& body);

// Runs a and b at the same time (b on a second thread); rethrows a's error
// first, then b's.
void run_both(const std::function<void()>& a, const std::function<void()>& b);

}  // namespace imgslim
