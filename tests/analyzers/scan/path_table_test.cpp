#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analyzers/scan/path_table.h"

using imgslim::analyzers::PathId;
using imgslim::analyzers::PathTable;

TEST_CASE("path table: ids are dense, stable across growth, and found again") {
  PathTable t;
  CHECK_FALSE(t.find("usr").has_value());
  std::vector<std::string> paths;
  for (int i = 0; i < 50000; ++i) paths.push_back("app/node_modules/pkg" + std::to_string(i % 977) + "/f" + std::to_string(i));
  for (std::size_t i = 0; i < paths.size(); ++i) CHECK_EQ(t.intern(paths[i]), PathId(i));
  CHECK(t.size() == paths.size());
  // Again: the same ids, nothing added; every string intact after the index grew.
  for (std::size_t i = 0; i < paths.size(); i += 97) {
    CHECK_EQ(t.intern(paths[i]), PathId(i));
    CHECK(t.str(PathId(i)) == paths[i]);
    CHECK(t.find(paths[i]) == PathId(i));
  }
  CHECK(t.size() == paths.size());
  CHECK_FALSE(t.find("app/node_modules/pkg1/f2x").has_value());
  const PathId empty = t.intern("");
  CHECK(t.find("") == empty);
  CHECK(t.str(empty).empty());
  // A path longer than an arena chunk.
  const std::string longer(100000, 'x');
  const PathId id = t.intern(longer);
  CHECK(t.str(id) == longer);
}
