#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/string_sort.h"

namespace {

// Paths as layers hold them: long shared prefixes, '-', '.' and '/' around
// the separator, prefixes of one another, bytes above 0x7f, empty names.
std::vector<std::string> path_like(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> parts = {"usr", "lib", "node_modules", "a", "a-b", "a.b", "a/b", "", "\xc3\xa9t\xc3\xa9",
                                          "@types", "node", "index.js", "README.md", "z", "A"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string p;
    const std::size_t depth = rng() % 7;
    for (std::size_t d = 0; d < depth; ++d) {
      if (d) p += '/';
      p += parts[rng() % parts.size()];
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace

TEST_CASE("support: sort_by_bytes orders strings as std::string_view compares them, duplicates included") {
  for (unsigned seed : {1u, 2u, 3u}) {
    for (std::size_t n : {0u, 1u, 2u, 11u, 12u, 13u, 500u, 20000u}) {
      auto items = path_like(n, seed);
      auto expected = items;
      std::sort(expected.begin(), expected.end());
      imgslim::sort_by_bytes(items, [](const std::string& s) { return std::string_view(s); });
      REQUIRE(items.size() == expected.size());
      CHECK(items == expected);
    }
  }
}

TEST_CASE("support: sort_by_bytes sorts indices by the strings they name") {
  const std::vector<std::string> names = {"b/c", "b", "a/b/c", "a", "b-c", "a/b", "ab", "b.c"};
  std::vector<int> ids = {0, 1, 2, 3, 4, 5, 6, 7};
  imgslim::sort_by_bytes(ids, [&](int i) { return std::string_view(names[std::size_t(i)]); });
  std::vector<std::string> got;
  for (int i : ids) got.push_back(names[std::size_t(i)]);
  CHECK(got == std::vector<std::string>{"a", "a/b", "a/b/c", "ab", "b", "b-c", "b.c", "b/c"});
}

TEST_CASE("support: sort_by_bytes keeps its stack bounded on inputs built to nest one partition per byte value") {
  // Strings that differ at every byte position by every byte value: a
  // partition per value and position without the nesting bound.
  std::vector<std::string> items;
  std::string prefix;
  for (int depth = 0; depth < 64; ++depth) {
    for (int v = 1; v < 256; v += 3) items.push_back(prefix + char(v));
    prefix += char(1 + depth % 250);
  }
  std::reverse(items.begin(), items.end());
  auto expected = items;
  std::sort(expected.begin(), expected.end());
  imgslim::sort_by_bytes(items, [](const std::string& s) { return std::string_view(s); });
  CHECK(items == expected);
}
