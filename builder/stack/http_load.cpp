#include "builder/stack/http_load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "oci/client/http_client.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

using Clock = std::chrono::steady_clock;

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t i = static_cast<std::size_t>(p / 100.0 * (sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

LoadResult run_load(const LoadSpec& spec) {
  if (spec.url.rfind("http://", 0) != 0 && spec.url.rfind("https://", 0) != 0)
    throw Error("--load", "expected an http:// or https:// URL, got \"" + spec.url + "\"");
  if (spec.requests < 1 || spec.concurrency < 1) throw Error("--load", "--requests and --concurrency must be at least 1");
  LoadResult result;
  result.url = spec.url;
  result.requests = spec.requests;
  result.concurrency = std::min(spec.concurrency, spec.requests);
  std::atomic<int> next{0};
  std::mutex mu;
  std::vector<double> latencies;
  oci::HttpTransport transport;
  transport.connect_timeout_s = 5;
  transport.stall_timeout_s = 30;
  auto start = Clock::now();
  auto worker = [&] {
    while (next.fetch_add(1) < spec.requests) {
      auto t = Clock::now();
      std::string error;
      try {
        oci::HttpRequest req;
        req.url = spec.url;
        auto res = http_open(transport, req, spec.url);
        res->read_all(64ull << 20);
        if (res->status() < 200 || res->status() > 299) error = "HTTP " + std::to_string(res->status());
      } catch (const std::exception& e) {
        error = e.what();
      }
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
      std::lock_guard lock(mu);
      latencies.push_back(ms);
      if (!error.empty() && result.errors++ == 0) result.first_error = error;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < result.concurrency; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  result.p50_ms = percentile(latencies, 50);
  result.p90_ms = percentile(latencies, 90);
  result.p99_ms = percentile(latencies, 99);
  result.max_ms = latencies.empty() ? 0 : latencies.back();
  return result;
}

}  // namespace imgslim::builder::stack
