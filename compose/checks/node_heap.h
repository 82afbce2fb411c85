// Node's old-space heap cap (--max-old-space-size=N, in MiB) as a service
// sets it: in NODE_OPTIONS or on the command line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compose/model/service.h"

namespace imgslim::compose {

struct NodeHeap {
  std::uint64_t bytes = 0;
  std::string source;  // "NODE_OPTIONS" or "command"
  Location where;
};

// From a list of arguments: --max-old-space-size=N, --max_old_space_size=N
// or the flag followed by N. The last one wins, as in Node.
std::optional<std::uint64_t> heap_from_args(const std::vector<std::string>& args);

// The command line wins over NODE_OPTIONS (Node applies NODE_OPTIONS first).
std::optional<NodeHeap> node_heap(const Service& s);

// V8's old-space limit when no --max-old-space-size is given, for the memory
// Node sees (the container's cgroup limit, else the machine's memory):
// Heap::HeapSizeFromPhysicalMemory on 64-bit Linux takes memory / 4 times the
// heap-limit multiplier (2 for 64-bit pointers), so half of it, at least
// 256 MiB, at most 2 GiB (4 GiB from 15 GiB of memory). Measured with node:20
// under `docker run -m`: 256m/512m -> 256 MiB, 1g -> 512, 2g -> 1024,
// 8g -> 2048, 16g -> 4096 (heap_size_limit minus the young generation).
std::uint64_t v8_default_heap(std::uint64_t memory);

}  // namespace imgslim::compose
