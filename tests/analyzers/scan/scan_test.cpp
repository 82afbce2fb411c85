// Merged tree and per-layer figures from in-memory layers (OCI whiteout rules).
#include <doctest/doctest.h>

#include "analyzers/metrics/waste_metrics.h"
#include "tests/analyzers/layer_builder.h"

using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
using Lines = std::vector<std::string>;

TEST_CASE("scan: a whiteout removes a lower file, its bytes count as deleted in its own layer") {
  LayerBuilder l0, l1;
  l0.dir("a").sized("a/f", 100).sized("a/g", 50);
  l1.whiteout("a/f");
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan) == Lines{"a d", "a/g f 50"});
  CHECK(scan.total_bytes() == 150);
  CHECK(scan.tree.bytes() == 50);
  CHECK(scan.tree.files() == 1);
  CHECK(scan.layers[0].deleted_bytes == 100);
  CHECK(scan.layers[0].files_added == 2);
  CHECK(scan.layers[1].files_removed == 1);
  CHECK(scan.layers[1].bytes_removed == 100);
  CHECK(scan.layers[1].content_bytes == 0);
}

TEST_CASE("scan: an opaque directory hides lower children but keeps its own layer's") {
  LayerBuilder l0, l1;
  l0.dir("d").sized("d/x", 10).sized("d/y", 20).dir("d/sub").sized("d/sub/z", 7).sized("keep", 1);
  l1.dir("d").opaque("d").sized("d/z", 5);
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan) == Lines{"d d", "d/z f 5", "keep f 1"});
  CHECK(scan.layers[0].deleted_bytes == 37);
  CHECK(scan.layers[1].files_removed == 3);
  CHECK(scan.layers[1].files_added == 1);
  auto waste = compute_waste_metrics(scan, base_from_history(scan));
  CHECK(waste.reclaimable_bytes == 37);
  CHECK(waste.deleted_bytes == 37);
  CHECK(waste.overwritten_bytes == 0);
}

TEST_CASE("scan: a directory whiteout removes the whole subtree") {
  LayerBuilder l0, l1;
  l0.dir("d").sized("d/a", 7).dir("d/e").sized("d/e/b", 3);
  l1.whiteout("d");
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan).empty());
  CHECK(scan.layers[1].files_removed == 2);
  CHECK(scan.layers[0].deleted_bytes == 10);
  CHECK(scan.tree.bytes() == 0);
}

TEST_CASE("scan: whiteouts apply only to lower layers, same-layer files survive") {
  LayerBuilder l0, l1;
  l0.sized("f", 4);
  l1.sized("f", 9).whiteout("f");  // tar order must not matter
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan) == Lines{"f f 9"});
  CHECK(scan.layers[0].deleted_bytes == 4);
  CHECK(scan.layers[1].files_modified == 1);
  CHECK(scan.layers[1].files_removed == 0);
}

TEST_CASE("scan: overwrite and chmod-only change") {
  LayerBuilder l0, l1, l2;
  l0.file("app/index.js", std::string(100, 'a'));
  l1.file("app/index.js", std::string(100, 'a'), 0755);  // chmod only
  l2.file("app/index.js", std::string(60, 'b'));
  auto scan = assemble({l0, l1, l2});
  CHECK(tree_lines(scan) == Lines{"app d", "app/index.js f 60"});
  CHECK(scan.layers[0].overwritten_bytes == 100);
  CHECK(scan.layers[1].overwritten_bytes == 100);
  CHECK(scan.layers[1].files_modified == 1);
  CHECK(scan.layers[2].files_modified == 1);
  auto waste = compute_waste_metrics(scan, base_from_history(scan));
  CHECK(waste.total_bytes == 260);
  CHECK(waste.final_bytes == 60);
  CHECK(waste.reclaimable_bytes == 200);
  CHECK(waste.overwritten_bytes == 200);
  CHECK(waste.metadata_only_bytes == 100);
}

TEST_CASE("scan: hardlinked content counts once and survives removal of the first name") {
  LayerBuilder l0, l1;
  l0.sized("bin/a", 40).hardlink("bin/b", "bin/a").symlink("bin/c", "a");
  l1.whiteout("bin/a");
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan) == Lines{"bin d", "bin/b h", "bin/c l"});
  CHECK(scan.tree.bytes() == 40);
  CHECK(scan.total_bytes() == 40);
  CHECK(scan.layers[0].deleted_bytes == 0);
  CHECK(scan.links.str(scan.records[1].link_target) == "bin/a");
}

TEST_CASE("scan: a file replacing a directory hides what was below it") {
  LayerBuilder l0, l1;
  l0.dir("d").sized("d/x", 5);
  l1.sized("d", 3);
  auto scan = assemble({l0, l1});
  CHECK(tree_lines(scan) == Lines{"d f 3"});
  CHECK(scan.layers[0].deleted_bytes == 5);
}

TEST_CASE("scan: implicit parents appear as directories, paths are cleaned") {
  LayerBuilder l0;
  l0.sized("./usr//lib/x.so", 2).dir("./").sized("/etc/os-release", 1);
  auto scan = assemble({l0});
  CHECK(tree_lines(scan) == Lines{"etc d", "etc/os-release f 1", "usr d", "usr/lib d", "usr/lib/x.so f 2"});
  CHECK(scan.layers[0].entries == 3);
  CHECK(scan.tree.directories() == 3);
}

TEST_CASE("scan: duplicate content at different paths") {
  LayerBuilder l0, l1;
  l0.file("a/x", "same-content").file("b/y", "same-content").file("c", "other");
  l1.file("d/z", "same-content");
  auto scan = assemble({l0, l1});
  auto waste = compute_waste_metrics(scan, base_from_history(scan));
  REQUIRE(waste.duplicates.size() == 1);
  CHECK(waste.duplicates[0].records.size() == 3);
  CHECK(waste.duplicate_bytes == 24);
}

TEST_CASE("scan: captured content is kept for matching paths only, bounded") {
  auto pred = [](std::string_view path, std::int64_t) { return path.ends_with("package.json"); };
  LayerBuilder l0(pred);
  l0.file("app/package.json", "{\"name\":\"x\"}").file("app/index.js", "console.log(1)");
  std::vector<LayerScan> scans;
  scans.push_back(l0.done());
  auto scan = assemble_scan(std::move(scans));
  REQUIRE(scan.captured.size() == 1);
  auto* c = scan.captured_for(scan.tree.record_at(*scan.paths.find("app/package.json")));
  REQUIRE(c != nullptr);
  CHECK(c->bytes == "{\"name\":\"x\"}");
  CHECK_FALSE(c->truncated);
  CHECK(scan.captured_for(scan.tree.record_at(*scan.paths.find("app/index.js"))) == nullptr);

  LayerScanner small(pred, 4);
  MemoryContent content("0123456789");
  small.visit({"package.json", imgslim::oci::EntryType::File, 10, 0644, 0, 0, 0, ""}, &content);
  auto s = small.take();
  REQUIRE(s.captured.size() == 1);
  CHECK(s.captured[0].second.bytes == "0123");
  CHECK(s.captured[0].second.truncated);
}
