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

}  // namespace imgslim::compose
