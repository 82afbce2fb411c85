// HTTP load for `compose --measure --load URL`: N GET requests over C
// concurrent connections (libcurl, one connection per worker, reused), each
// timed; latency percentiles and the errors (transfer failures, non-2xx).
#pragma once
#include <string>

namespace imgslim::builder::stack {

struct LoadSpec {
  std::string url;
  int requests = 100;
  int concurrency = 4;
};

struct LoadResult {
  std::string url;
  int requests = 0, concurrency = 0, errors = 0;
  double seconds = 0;                     // wall time of the whole load
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  std::string first_error;
};

// Throws imgslim::Error for a URL that is not http(s)://.
LoadResult run_load(const LoadSpec& spec);

}  // namespace imgslim::builder::stack
