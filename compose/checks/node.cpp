// Node's heap cap against the container's memory limit: the old space is
// only part of a Node process (young generation, code, buffers, native
// addons live outside it), so the heap should stay under ~75 % of the limit.
#include "compose/checks/checks.h"
#include "compose/checks/node_heap.h"
#include "compose/model/units.h"

namespace imgslim::compose {

void check_node(const AuditContext& ctx) {
  for (const auto& s : ctx.services) {
    auto heap = node_heap(s);
    if (!heap) continue;
    ctx.budget_of(s.name).heap = heap->bytes;
    if (!s.mem_limit) continue;
    std::uint64_t limit = *s.mem_limit;
    std::uint64_t suggested = (limit * 3 / 4) / kMiB;
    std::string flag = "--max-old-space-size=" + std::to_string(heap->bytes / kMiB);
    std::vector<std::pair<std::string, std::string>> rec = {
        {"--max-old-space-size", std::to_string(suggested)},
    };
    if (heap->bytes > limit) {
      ctx.add("compose-node-heap-exceeds-limit", &s,
              heap->source + " " + flag + " lets the heap grow past the " + format_mib(limit) +
                  " memory limit: the kernel kills the container before V8 can collect or fail cleanly; use "
                  "--max-old-space-size=" + std::to_string(suggested) + " or raise the limit to " +
                  format_mib(heap->bytes * 4 / 3) + "+",
              heap->where, rec);
    } else if (heap->bytes * 4 > limit * 3) {
      ctx.add("compose-node-heap-near-limit", &s,
              heap->source + " " + flag + " is " + std::to_string(heap->bytes * 100 / limit) + " % of the " +
                  format_mib(limit) + " limit, leaving " + format_mib(limit - heap->bytes) +
                  " for Node's young generation, code and native memory; use --max-old-space-size=" +
                  std::to_string(suggested),
              heap->where, rec);
    }
  }
}

}  // namespace imgslim::compose
