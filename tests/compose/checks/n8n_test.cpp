// n8n against its memory: V8's default heap when no --max-old-space-size is
// set (half the memory Node sees, at least 256 MiB: checked against node:20
// in the engine), queue mode (executions on the workers, 10 at a time by default).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compose/checks/node_heap.h"
#include "tests/compose/compose_test_util.h"
#include "tests/run_command.h"

using namespace imgslim::compose;
using compose_test::audit_files;
using compose_test::findings_of;
using compose_test::fixture;

namespace {

constexpr std::uint64_t MiB = 1024 * 1024, GiB = 1024 * MiB;

// V8's heap_size_limit in node:20 under `docker run -m MEMORY`, with extra Node flags.
std::uint64_t heap_limit(const std::string& memory, const std::string& flag = "") {
  std::vector<std::string> args = {"docker", "run", "--rm", "--network", "none", "-m", memory};
  if (!flag.empty()) args.insert(args.end(), {"-e", "NODE_OPTIONS=" + flag});
  args.insert(args.end(), {"node:20", "node", "-e", "console.log(require('v8').getHeapStatistics().heap_size_limit)"});
  auto r = imgslim::testing::run(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return std::stoull(r.out);
}

}  // namespace

TEST_CASE("n8n: V8's default heap is half the memory Node sees, 256 MiB at least, 2 GiB at most") {
  CHECK(v8_default_heap(256 * 1024 * 1024ull) == 256 * MiB);
  CHECK(v8_default_heap(768 * MiB) == 384 * MiB);
  CHECK(v8_default_heap(2 * GiB) == 1024 * MiB);
  CHECK(v8_default_heap(8 * GiB) == 2 * GiB);
  CHECK(v8_default_heap(16 * GiB) == 4 * GiB);
}

TEST_CASE("n8n: the default heap matches node:20 in the engine") {
  // Same heap_size_limit without a flag as with --max-old-space-size set to our figure
  // (the young generation V8 adds is derived from the old space alike).
  for (const auto& [memory, bytes] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"512m", 512 * MiB}, {"768m", 768 * MiB}, {"2g", 2 * GiB}}) {
    CAPTURE(memory);
    CHECK(heap_limit(memory) ==
          heap_limit(memory, "--max-old-space-size=" + std::to_string(v8_default_heap(bytes) / MiB)));
  }
}

TEST_CASE("n8n: concurrency advice uses V8's default heap, not 75 % of the limit") {
  Report r = audit_files({fixture("findings/compose-n8n-concurrency.yml")});  // 512 MiB, no heap flag
  auto c = findings_of(r, "compose-n8n-concurrency");
  REQUIRE(c.size() == 1);
  CHECK(c[0]->message.find("256 MiB heap (V8's default without --max-old-space-size: half of the 512 MiB limit") !=
        std::string::npos);
  CHECK(c[0]->message.find("N8N_CONCURRENCY_PRODUCTION_LIMIT=8 fits") != std::string::npos);  // 256 / (2 × 16)
}

TEST_CASE("n8n: queue mode runs executions on the workers") {
  Report r = audit_files({fixture("n8n/with-worker/docker-compose.yml")});
  // The main process queues executions: no production limit to set there.
  CHECK(findings_of(r, "compose-n8n-concurrency").empty());
  // The worker runs 10 at a time by default: 10 × 16 MiB × 2 = 320 MiB, over its 256 MiB default heap.
  auto payload = findings_of(r, "compose-n8n-payload");
  REQUIRE(payload.size() == 1);
  CHECK(payload[0]->service == "n8n-worker");
  CHECK(payload[0]->message.find("the worker's default --concurrency 10 × N8N_PAYLOAD_SIZE_MAX 16 MiB") !=
        std::string::npos);
  CHECK(payload[0]->message.find("= 320 MiB exceeds the 256 MiB heap") != std::string::npos);
  // The published stack's task runner is not an n8n main process.
  Report published = audit_files({fixture("n8n/with-postgres/docker-compose.yml")});
  for (const auto* f : findings_of(published, "compose-n8n-concurrency")) CHECK(f->service == "n8n");
}
