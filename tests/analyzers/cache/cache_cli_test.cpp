// The built imgslim and its layer cache: --no-cache, `cache info`, `cache
// prune`, two processes filling one cache at once, a bad bound.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analyzers/cache/cache_entries.h"
#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// imgslim with XDG_CACHE_HOME=<dir>/xdg, so the cache is <dir>/xdg/imgslim/layers.
CommandResult run_imgslim(const std::string& dir, const std::string& args) {
  return run_command("XDG_CACHE_HOME=" + shell_quote(dir + "/xdg") + " IMGSLIM_CACHE_MAX= " +
                         shell_quote(IMGSLIM_BINARY) + " " + args,
                     dir);
}

std::string layers_dir(const std::string& dir) { return dir + "/xdg/imgslim/layers"; }

std::string example(const std::string& dir) {
  return write_fixture(imgslim::fixtures::preset_layout("example"), imgslim::fixtures::Form::OciLayout, dir + "/img");
}

}  // namespace

TEST_CASE("cache cli: --no-cache neither fills nor reads the cache, the default fills it") {
  auto dir = scratch_dir("cache-cli-no-cache");
  const std::string ref = example(dir);
  auto bare = run_imgslim(dir, "analyze " + ref + " --format json -q --no-cache");
  REQUIRE(bare.exit_code == 0);
  CHECK(list_cache_entries(layers_dir(dir)).empty());
  auto filled = run_imgslim(dir, "analyze " + ref + " --format json -q");
  REQUIRE(filled.exit_code == 0);
  CHECK(filled.out == bare.out);
  const auto entries = list_cache_entries(layers_dir(dir));
  CHECK(!entries.empty());
  // A damaged entry shows that --no-cache does not even look: no note.
  fs::resize_file(entries[0].path, 10);
  auto again = run_imgslim(dir, "analyze " + ref + " --format json -q --no-cache");
  CHECK(again.exit_code == 0);
  CHECK(again.err.empty());
  auto noted = run_imgslim(dir, "analyze " + ref + " --format json -q");
  CHECK(noted.exit_code == 0);
  CHECK(noted.out == bare.out);
  CHECK(noted.err.find("note: layer cache entry " + entries[0].path) == 0);
}

TEST_CASE("cache cli: cache info counts the entries, cache prune clears them") {
  auto dir = scratch_dir("cache-cli-info");
  const std::string ref = example(dir);
  auto empty = run_imgslim(dir, "cache info --format json");
  REQUIRE(empty.exit_code == 0);
  auto e = json::parse(empty.out);
  CHECK(e["entries"] == 0);
  CHECK(e["dir"] == layers_dir(dir));
  CHECK(e["max_bytes"] == 2147483648ull);
  REQUIRE(run_imgslim(dir, "analyze " + ref + " -q").exit_code == 0);
  const auto entries = list_cache_entries(layers_dir(dir));
  std::uint64_t bytes = 0;
  for (const auto& f : entries) bytes += f.bytes;
  auto info = json::parse(run_imgslim(dir, "cache info --format json --cache-max 1GB").out);
  CHECK(info["entries"] == entries.size());
  CHECK(info["bytes"] == bytes);
  CHECK(info["max_bytes"] == 1000000000ull);
  auto text = run_imgslim(dir, "cache info");
  CHECK(text.out.find("entries:      " + std::to_string(entries.size()) + " layers") != std::string::npos);

  auto keep = run_imgslim(dir, "cache prune --keep " + std::to_string(bytes - 1));
  REQUIRE(keep.exit_code == 0);
  CHECK(list_cache_entries(layers_dir(dir)).size() < entries.size());
  auto all = run_imgslim(dir, "cache prune");
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("0 kept") != std::string::npos);
  CHECK(list_cache_entries(layers_dir(dir)).empty());
}

TEST_CASE("cache cli: two processes filling one cache at once both succeed and leave whole entries") {
  auto dir = scratch_dir("cache-cli-concurrent");
  const std::string ref = example(dir);
  const std::string bin = "XDG_CACHE_HOME=" + shell_quote(dir + "/xdg") + " " + shell_quote(IMGSLIM_BINARY);
  const std::string one = bin + " analyze " + ref + " --format json -q -o " + shell_quote(dir + "/a.json");
  const std::string two = bin + " analyze " + ref + " --format json -q -o " + shell_quote(dir + "/b.json");
  auto both = run_command("(" + one + " & " + two + " & wait %1 && wait %2)", dir);
  REQUIRE(both.exit_code == 0);
  CHECK(both.err.empty());
  const std::string a = slurp(dir + "/a.json"), b = slurp(dir + "/b.json");
  CHECK(!a.empty());
  CHECK(a == b);
  // No temporary left, and every entry reads back whole (a third run: no note, same JSON).
  for (const auto& f : fs::directory_iterator(layers_dir(dir)))
    CHECK(f.path().filename().string().find(".imgslim-") == std::string::npos);
  auto third = run_imgslim(dir, "analyze " + ref + " --format json -q");
  CHECK(third.exit_code == 0);
  CHECK(third.err.empty());
  CHECK(third.out == a);
}

TEST_CASE("cache cli: a bound that is not a size is one error line") {
  auto dir = scratch_dir("cache-cli-bad-max");
  const std::string ref = example(dir);
  auto flag = run_imgslim(dir, "analyze " + ref + " -q --cache-max lots");
  CHECK(flag.exit_code == 2);
  CHECK(flag.err == "imgslim: --cache-max: \"lots\" is not a size (e.g. 2GiB, 500MB, 1073741824)\n");
  auto env = run_command("XDG_CACHE_HOME=" + shell_quote(dir + "/xdg") + " IMGSLIM_CACHE_MAX=2XB " +
                             shell_quote(IMGSLIM_BINARY) + " analyze " + ref + " -q",
                         dir);
  CHECK(env.exit_code == 2);
  CHECK(env.err == "imgslim: IMGSLIM_CACHE_MAX: \"2XB\" is not a size (e.g. 2GiB, 500MB, 1073741824)\n");
  CHECK(!fs::exists(layers_dir(dir)));
}
