#include "compose/checks/node_heap.h"

#include <algorithm>
#include <cstdlib>

#include "compose/model/units.h"

namespace imgslim::compose {
namespace {

std::optional<std::uint64_t> mib(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || v <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(v * kMiB);
}

}  // namespace

std::optional<std::uint64_t> heap_from_args(const std::vector<std::string>& args) {
  std::optional<std::uint64_t> heap;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    for (auto& c : a)
      if (c == '_') c = '-';
    const std::string flag = "--max-old-space-size";
    if (a.rfind(flag + "=", 0) == 0) {
      if (auto v = mib(a.substr(flag.size() + 1))) heap = v;
    } else if (a == flag && i + 1 < args.size()) {
      if (auto v = mib(args[i + 1])) heap = v;
    }
  }
  return heap;
}

std::optional<NodeHeap> node_heap(const Service& s) {
  std::optional<NodeHeap> out;
  if (auto it = s.environment.find("NODE_OPTIONS"); it != s.environment.end())
    if (auto h = heap_from_args(split_command(it->second))) out = NodeHeap{*h, "NODE_OPTIONS", s.env_at("NODE_OPTIONS")};
  // Arguments may also hide inside `sh -c "node --max-old-space-size=..."`.
  std::vector<std::string> args;
  for (const auto& a : s.argv()) {
    auto words = split_command(a);
    args.insert(args.end(), words.begin(), words.end());
  }
  if (auto h = heap_from_args(args)) {
    Location where = s.raw->find("command") ? s.at({"command"}) : s.at({"entrypoint"});
    out = NodeHeap{*h, "command", where};
  }
  return out;
}

std::uint64_t v8_default_heap(std::uint64_t memory) {
  const std::uint64_t max = memory / kGiB >= 15 ? 4 * kGiB : 2 * kGiB;
  return std::clamp<std::uint64_t>(memory / 2, 256 * kMiB, max);
}

}  // namespace imgslim::compose
