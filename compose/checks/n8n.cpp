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

}  // namespace

void check_n8n(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    if (!is_n8n(s)) continue;
    auto env = [&](const char* k) -> const std::string* {
      auto it = s.environment.find(k);
      return it == s.environment.end() ? nullptr : &it->second;
    };
    for (const auto& [key, why] : misnamed())
      if (env(key.c_str())) ctx.add("compose-n8n-unknown-setting", &s, key + ": " + why, s.env_at(key));

    auto memory = ctx.memory_for(s);
    auto heap = node_heap(s);
    std::uint64_t usable = heap ? heap->bytes : (memory ? *memory * 3 / 4 : 0);

    const bool queue_mode = env("EXECUTIONS_MODE") && *env("EXECUTIONS_MODE") == "queue";
    std::optional<long long> concurrency;
    if (auto* c = env("N8N_CONCURRENCY_PRODUCTION_LIMIT")) concurrency = number(*c);
    std::uint64_t payload = 16 * kMiB;  // N8N_PAYLOAD_SIZE_MAX default, in MiB
    if (auto* p = env("N8N_PAYLOAD_SIZE_MAX"))
      if (auto n = number(*p); n && *n > 0) payload = static_cast<std::uint64_t>(*n) * kMiB;

    if (!queue_mode && (!concurrency || *concurrency <= 0)) {
      std::string suggestion;
      if (usable) {
        long long fit = static_cast<long long>(usable / (payload * 2));
        suggestion = "; with " + format_mib(payload) + " payloads and " + format_mib(usable) +
                     " of heap, N8N_CONCURRENCY_PRODUCTION_LIMIT=" + std::to_string(fit < 1 ? 1 : (fit > 20 ? 20 : fit)) +
                     " fits";
      }
      ctx.add("compose-n8n-concurrency", &s,
              "no N8N_CONCURRENCY_PRODUCTION_LIMIT: every webhook and trigger runs at once, so a burst can exhaust "
              "the container's memory" + suggestion,
              env("N8N_CONCURRENCY") ? s.env_at("N8N_CONCURRENCY") : s.env_at("N8N_CONCURRENCY_PRODUCTION_LIMIT"));
    }
    if (usable) {
      // A payload is held as the raw body and as parsed JSON: about twice its size.
      if (concurrency && *concurrency > 0 && static_cast<std::uint64_t>(*concurrency) * payload * 2 > usable)
        ctx.add("compose-n8n-payload", &s,
                "N8N_CONCURRENCY_PRODUCTION_LIMIT=" + std::to_string(*concurrency) + " × N8N_PAYLOAD_SIZE_MAX " +
                    format_mib(payload) + " (×2 for the parsed copy) = " +
                    format_mib(static_cast<std::uint64_t>(*concurrency) * payload * 2) + " exceeds the " +
                    format_mib(usable) + " heap",
                s.env_at("N8N_PAYLOAD_SIZE_MAX"));
      else if (payload * 2 > usable)
        ctx.add("compose-n8n-payload", &s,
                "N8N_PAYLOAD_SIZE_MAX " + format_mib(payload) + " (×2 for the parsed copy) does not fit the " +
                    format_mib(usable) + " heap",
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
