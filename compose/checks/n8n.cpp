// n8n: a production concurrency limit, payload and buffer sizes that fit
// its memory, and variables n8n does not read (the plan's N8N_CONCURRENCY).
#include <cstdlib>
#include <map>

#include "compose/checks/checks.h"
#include "compose/checks/node_heap.h"
#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

std::optional<long long> number(const std::string& s) {
  char* end = nullptr;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0') return std::nullopt;
  return n;
}

const std::map<std::string, std::string>& misnamed() {
  static const std::map<std::string, std::string> m = {
      {"N8N_CONCURRENCY", "n8n reads N8N_CONCURRENCY_PRODUCTION_LIMIT; N8N_CONCURRENCY has no effect"},
      {"N8N_EXECUTION_PROCESS", "n8n 1.0 removed the per-execution process mode; executions always run in the main process"},
      {"EXECUTIONS_PROCESS", "n8n 1.0 removed EXECUTIONS_PROCESS; executions always run in the main process"},
  };
  return m;
}

constexpr long long kWorkerDefaultConcurrency = 10;  // `n8n worker --concurrency` default

// `--concurrency=N` or `--concurrency N` on a worker's command line.
std::optional<long long> worker_concurrency_flag(const std::vector<std::string>& argv) {
  std::optional<long long> out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i].rfind("--concurrency=", 0) == 0) out = number(argv[i].substr(14));
    else if (argv[i] == "--concurrency" && i + 1 < argv.size()) out = number(argv[i + 1]);
  }
  if (out && *out <= 0) out.reset();
  return out;
}

}  // namespace

void check_n8n(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    const N8nRole role = n8n_role(s);
    if (role == N8nRole::None || role == N8nRole::Runner) continue;
    auto env = [&](const char* k) -> const std::string* {
      auto it = s.environment.find(k);
      return it == s.environment.end() ? nullptr : &it->second;
    };
    for (const auto& [key, why] : misnamed())
      if (env(key.c_str())) ctx.add("compose-n8n-unknown-setting", &s, key + ": " + why, s.env_at(key));

    auto memory = ctx.memory_for(s);
    auto heap = node_heap(s);
    // Without --max-old-space-size, V8 sizes the heap from the memory Node sees.
    std::uint64_t usable = heap ? heap->bytes : (memory ? v8_default_heap(*memory) : 0);
    std::string heap_text = format_mib(usable) + " heap";
    if (!heap && memory)
      heap_text += " (V8's default without --max-old-space-size: half of the " + format_mib(*memory) +
                   (s.mem_limit ? " limit" : " host") + ", at least 256 MiB)";

    // Production executions run in the main process in regular mode, on the
    // workers in queue mode (N8N_CONCURRENCY_PRODUCTION_LIMIT, else the
    // worker's --concurrency, default 10).
    std::optional<long long> limit_env;
    if (auto* c = env("N8N_CONCURRENCY_PRODUCTION_LIMIT")) limit_env = number(*c);
    std::optional<long long> concurrency;
    std::string concurrency_text;
    if (role == N8nRole::Worker) {
      if (limit_env && *limit_env > 0) {
        concurrency = limit_env;
        concurrency_text = "N8N_CONCURRENCY_PRODUCTION_LIMIT=" + std::to_string(*concurrency);
      } else if (auto flag = worker_concurrency_flag(s.argv())) {
        concurrency = flag;
        concurrency_text = "--concurrency=" + std::to_string(*concurrency);
      } else {
        concurrency = kWorkerDefaultConcurrency;
        concurrency_text = "the worker's default --concurrency " + std::to_string(*concurrency);
      }
    } else if (role == N8nRole::Main && !n8n_queue_mode(s) && limit_env && *limit_env > 0) {
      concurrency = limit_env;
      concurrency_text = "N8N_CONCURRENCY_PRODUCTION_LIMIT=" + std::to_string(*concurrency);
    }
    std::uint64_t payload = 16 * kMiB;  // N8N_PAYLOAD_SIZE_MAX default, in MiB
    if (auto* p = env("N8N_PAYLOAD_SIZE_MAX"))
      if (auto n = number(*p); n && *n > 0) payload = static_cast<std::uint64_t>(*n) * kMiB;

    if (role == N8nRole::Main && !n8n_queue_mode(s) && !concurrency) {
      std::string suggestion;
      if (usable) {
        long long fit = static_cast<long long>(usable / (payload * 2));
        suggestion = "; with " + format_mib(payload) + " payloads and a " + heap_text +
                     ", N8N_CONCURRENCY_PRODUCTION_LIMIT=" + std::to_string(fit < 1 ? 1 : (fit > 20 ? 20 : fit)) + " fits";
      }
      ctx.add("compose-n8n-concurrency", &s,
              "no N8N_CONCURRENCY_PRODUCTION_LIMIT: every webhook and trigger runs at once, so a burst can exhaust "
              "the container's memory" + suggestion,
              env("N8N_CONCURRENCY") ? s.env_at("N8N_CONCURRENCY") : s.env_at("N8N_CONCURRENCY_PRODUCTION_LIMIT"));
    }
    if (usable) {
      // A payload is held as the raw body and as parsed JSON: about twice its size.
      if (concurrency && static_cast<std::uint64_t>(*concurrency) * payload * 2 > usable)
        ctx.add("compose-n8n-payload", &s,
                concurrency_text + " × N8N_PAYLOAD_SIZE_MAX " + format_mib(payload) + " (×2 for the parsed copy) = " +
                    format_mib(static_cast<std::uint64_t>(*concurrency) * payload * 2) + " exceeds the " + heap_text,
                s.env_at("N8N_PAYLOAD_SIZE_MAX"));
      else if (payload * 2 > usable)
        ctx.add("compose-n8n-payload", &s,
                "N8N_PAYLOAD_SIZE_MAX " + format_mib(payload) + " (×2 for the parsed copy) does not fit the " + heap_text,
                s.env_at("N8N_PAYLOAD_SIZE_MAX"));
    }
    if (memory)
      for (const auto& [k, v] : s.environment) {
        if (k.rfind("N8N_", 0) != 0 || k.size() < 5 || k.find("SIZE") == std::string::npos || k == "N8N_PAYLOAD_SIZE_MAX")
          continue;
        auto n = number(v);
        if (!n || *n < static_cast<long long>(kMiB)) continue;  // small values are MiB or counts, not bytes
        if (static_cast<std::uint64_t>(*n) > *memory)
          ctx.add("compose-n8n-payload", &s,
                  k + "=" + v + " (" + format_mib(static_cast<std::uint64_t>(*n)) + ") is larger than the " +
                      format_mib(*memory) + (s.mem_limit ? " memory limit" : " host") +
                      "; one such buffer can get n8n killed",
                  s.env_at(k));
      }
  }
}

}  // namespace imgslim::compose
