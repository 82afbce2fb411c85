// dive-compatible figures, hand-computed from dive v0.13's algorithm.
#include <doctest/doctest.h>

#include <cmath>

#include "analyzers/metrics/dive_metrics.h"
#include "tests/analyzers/layer_builder.h"

using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;

TEST_CASE("dive: deleting a file charges its size as waste") {
  LayerBuilder l0, l1;
  l0.dir("a").sized("a/f", 100).sized("a/g", 50);
  l1.whiteout("a/f");
  auto m = compute_dive_metrics(assemble({l0, l1}));
  CHECK(m.efficiency == 50.0 / 150.0);
  CHECK(m.wasted_bytes == 100);
  CHECK(m.image_bytes == 150);
  CHECK(m.user_bytes == 0);
  CHECK(std::isinf(m.user_wasted_percent));
  REQUIRE(m.inefficiencies.size() == 1);
  CHECK(m.inefficiencies[0].path == "/a/f");
  CHECK(m.inefficiencies[0].count == 2);
  CHECK(m.inefficiencies[0].cum_bytes == 100);
}

TEST_CASE("dive: rm -rf of a directory is no waste, opaque markers are ignored") {
  LayerBuilder l0, l1, l2;
  l0.dir("d").sized("d/a", 7).sized("d/b", 3).dir("o").sized("o/x", 20);
  l1.whiteout("d");
  l2.dir("o").opaque("o").sized("o/y", 5);
  auto m = compute_dive_metrics(assemble({l0, l1, l2}));
  // paths: /d/a 7, /d/b 3, /o/x 20, /d (whiteout of a dir: 0+7+3) 10, /o/y 5
  CHECK(m.efficiency == 1.0);
  CHECK(m.wasted_bytes == 0);
  CHECK(m.user_bytes == 5);
  CHECK(m.user_wasted_percent == 0.0);
  CHECK(m.inefficiencies.empty());
}

TEST_CASE("dive: chmod-only and repeated directory entries are inefficiencies") {
  LayerBuilder l0, l1;
  l0.dir("etc").file("f", std::string(100, 'a'));
  l1.dir("etc").file("f", std::string(100, 'a'), 0755);
  auto m = compute_dive_metrics(assemble({l0, l1}));
  CHECK(m.efficiency == 0.5);
  CHECK(m.wasted_bytes == 200);
  CHECK(m.user_wasted_percent == 2.0);
  REQUIRE(m.inefficiencies.size() == 2);
  CHECK(m.inefficiencies[0].path == "/f");
  CHECK(m.inefficiencies[1].path == "/etc");
  CHECK(m.inefficiencies[1].cum_bytes == 0);
}

TEST_CASE("dive: a whiteout of a missing path stops that layer and leaves a -1 minimum") {
  LayerBuilder l0, l1;
  l0.sized("f", 10);
  l1.whiteout("nothere").sized("g", 5);  // ".wh.nothere" sorts before "g": g is never visited
  auto m = compute_dive_metrics(assemble({l0, l1}));
  CHECK(m.efficiency == 9.0 / 10.0);
  CHECK(m.wasted_bytes == 0);
}

TEST_CASE("dive: an implicit parent in a later layer makes a directory whiteout cost nothing") {
  LayerBuilder l0, l1, l2, l3;
  l0.dir("r").sized("r/a", 10);
  l1.sized("r/b", 5);  // no "r/" entry: dive's stack now holds r as a non-directory
  l2.whiteout("r");
  l3.dir("s").sized("s/x", 4);
  auto m = compute_dive_metrics(assemble({l0, l1, l2, l3}));
  CHECK(m.efficiency == 1.0);  // /r/a 10, /r/b 5, /r 0, /s/x 4
  CHECK(m.image_bytes == 19);
  CHECK(m.user_bytes == 9);

  LayerBuilder k0, k1, k2;
  k0.dir("r").sized("r/a", 10);
  k1.dir("r").sized("r/b", 5);
  k2.whiteout("r");
  auto m2 = compute_dive_metrics(assemble({k0, k1, k2}));
  // /r in layer 1 is a leaf? no (has r/b). /r whiteout sizes 0+10+5 = 15, once.
  CHECK(m2.efficiency == 1.0);
  CHECK(m2.wasted_bytes == 0);
}
