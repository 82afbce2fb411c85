// The layer-scan cache against real images (fixture OCI layouts read through
// the real readers): hits read no blob, corrupt and other-version entries are
// noted and rebuilt, figures are the cold read's, the bound holds.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "analyzers/cache/cache_entries.h"
#include "analyzers/cache/dive_codec.h"
#include "analyzers/cache/layer_cache.h"
#include "analyzers/cache/scan_codec.h"
#include "analyzers/report/analysis_report.h"
#include "support/error.h"
#include "tests/analyzers/fixture_images.h"

using namespace imgslim;
using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
namespace fs = std::filesystem;

namespace {

struct Run {
  std::string json;
  std::vector<std::string> notes;
  std::size_t hits = 0;
};

Run analyze_cached(const std::string& ref, const CacheSettings& settings, bool verify = true) {
  Run run;
  LayerCache cache(settings, [&](const std::string& n) { run.notes.push_back(n); });
  oci::OpenOptions open;
  open.verify = verify;
  auto image = oci::open_image(ref, open);
  ScanOptions scan;
  scan.verify = verify;
  scan.cache = &cache;
  run.json = analysis_json_text(analyze_image(*image, scan));
  run.hits = cache.hits();
  return run;
}

std::string cold_json(const std::string& ref) {
  auto image = oci::open_image(ref);
  return analysis_json_text(analyze_image(*image, ScanOptions{}));
}

// The example preset as an OCI layout (gzip layers) in a fresh folder.
std::string example_layout(const std::string& dir) {
  return write_fixture(fixtures::preset_layout("example"), fixtures::Form::OciLayout, dir);
}

std::vector<CacheEntryFile> entries(const CacheSettings& s) { return list_cache_entries(s.dir); }

// The layer scans alone, or dive's chain entries alone.
std::vector<CacheEntryFile> entries_named(const CacheSettings& s, std::string_view prefix) {
  std::vector<CacheEntryFile> out;
  for (auto& e : list_cache_entries(s.dir))
    if (fs::path(e.path).filename().string().starts_with(prefix)) out.push_back(e);
  return out;
}
std::vector<CacheEntryFile> layer_entries(const CacheSettings& s) { return entries_named(s, "sha256-"); }
std::vector<CacheEntryFile> dive_entries(const CacheSettings& s) { return entries_named(s, "dive-"); }

}  // namespace

TEST_CASE("cache: a second analysis reads no layer blob and gives the cold read's JSON") {
  auto dir = scratch_dir("cache-hit");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  const std::string cold = cold_json(ref);

  Run first = analyze_cached(ref, settings);
  CHECK(first.json == cold);
  CHECK(first.hits == 0);
  auto image = oci::open_image(ref);
  REQUIRE(layer_entries(settings).size() == image->layer_count());
  REQUIRE(dive_entries(settings).size() == 1);

  // The layer blobs are zeros now (same size): any read of them fails its
  // digest check, so only the cache can give their scans.
  for (std::size_t i = 0; i < image->layer_count(); ++i) {
    const auto& d = image->layer(i).descriptor();
    std::ofstream(dir + "/img/oci/blobs/sha256/" + d.digest.hex, std::ios::binary | std::ios::trunc)
        << std::string(std::size_t(d.size), '\0');
  }
  Run second = analyze_cached(ref, settings);
  CHECK(second.json == cold);
  CHECK(second.hits == image->layer_count());
  CHECK(second.notes.empty());
  // And without the cache the same image cannot be read any more.
  CHECK_THROWS_AS(cold_json(ref), imgslim::Error);
}

TEST_CASE("cache: a corrupt entry is noted, the layer read again, the entry rewritten") {
  auto dir = scratch_dir("cache-corrupt");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  const std::string cold = analyze_cached(ref, settings).json;
  auto files = layer_entries(settings);
  REQUIRE(files.size() >= 2);
  // One entry cut short, one with a byte flipped inside its compressed payload.
  fs::resize_file(files[0].path, files[0].bytes / 2);
  {
    std::fstream f(files[1].path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(files[1].bytes - 6));
    char c;
    f.read(&c, 1);
    f.seekp(std::streamoff(files[1].bytes - 6));
    c = char(c ^ 0x5a);
    f.write(&c, 1);
  }
  Run damaged = analyze_cached(ref, settings);
  CHECK(damaged.json == cold);
  REQUIRE(damaged.notes.size() == 2);
  for (const auto& n : damaged.notes) {
    CAPTURE(n);
    CHECK(n.find("truncated or corrupt") != std::string::npos);
    CHECK(n.find("reading the layer again") != std::string::npos);
  }
  Run again = analyze_cached(ref, settings);
  CHECK(again.json == cold);
  CHECK(again.notes.empty());
  CHECK(again.hits == files.size());
}

TEST_CASE("cache: an entry of another scan format version is ignored and rebuilt") {
  auto dir = scratch_dir("cache-version");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  const std::string cold = analyze_cached(ref, settings).json;
  auto files = layer_entries(settings);
  REQUIRE(!files.empty());
  {
    std::fstream f(files[0].path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);  // after the magic: the format version, little-endian
    const char other[4] = {char(kScanFormatVersion + 1), 0, 0, 0};
    f.write(other, 4);
  }
  Run run = analyze_cached(ref, settings);
  CHECK(run.json == cold);
  REQUIRE(run.notes.size() == 1);
  CHECK(run.notes[0].find("was written in scan format " + std::to_string(kScanFormatVersion + 1)) != std::string::npos);
  CHECK(analyze_cached(ref, settings).notes.empty());
}

TEST_CASE("cache: dive's figures of a layer chain come from its entry, a damaged one is noted and recomputed") {
  auto dir = scratch_dir("cache-dive");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  const std::string cold = analyze_cached(ref, settings).json;
  auto dive = dive_entries(settings);
  REQUIRE(dive.size() == 1);
  auto image = oci::open_image(ref);
  const Analysis analysis = analyze_image(*image, ScanOptions{});
  const std::string key = dive_chain_key(analysis.scan);
  CHECK(dive[0].path == LayerCache(settings).dive_entry_path(key));

  // An entry holding other figures for this chain: the analysis shows them,
  // so the figures are read from the entry, not computed.
  DiveMetrics other = analysis.dive;
  other.efficiency = 0.25;
  other.inefficiencies.push_back({"/planted/by/the/test", 2, 12345});
  std::ofstream(dive[0].path, std::ios::binary | std::ios::trunc) << encode_dive_metrics(other, key);
  const std::string planted = analyze_cached(ref, settings).json;
  CHECK(planted != cold);
  CHECK(planted.find("/planted/by/the/test") != std::string::npos);

  // Cut short: noted, computed again, rewritten.
  fs::resize_file(dive[0].path, 12);
  Run damaged = analyze_cached(ref, settings);
  CHECK(damaged.json == cold);
  REQUIRE(damaged.notes.size() == 1);
  CHECK(damaged.notes[0].find("(dive metrics) truncated") != std::string::npos);
  CHECK(damaged.notes[0].find("computing them again") != std::string::npos);
  CHECK(analyze_cached(ref, settings).notes.empty());

  // Another chain's entry under this name: refused by its key.
  std::ofstream(dive[0].path, std::ios::binary | std::ios::trunc) << encode_dive_metrics(analysis.dive, "0" + key.substr(1));
  Run moved = analyze_cached(ref, settings);
  CHECK(moved.json == cold);
  REQUIRE(moved.notes.size() == 1);
  CHECK(moved.notes[0].find("holds another layer chain") != std::string::npos);
}

TEST_CASE("cache: unverified reads are not kept") {
  auto dir = scratch_dir("cache-no-verify");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  analyze_cached(ref, settings, /*verify=*/false);
  CHECK(entries(settings).empty());
  analyze_cached(ref, settings, /*verify=*/true);
  CHECK(!entries(settings).empty());
}

TEST_CASE("cache: the bound holds, least recently used entries go first") {
  auto dir = scratch_dir("cache-bound");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  analyze_cached(ref, settings);
  auto files = entries(settings);
  REQUIRE(files.size() >= 3);
  std::uint64_t total = 0;
  for (const auto& f : files) total += f.bytes;

  // Order the entries' last use explicitly: files[k] used k minutes ago, reversed.
  const auto now = fs::file_time_type::clock::now();
  for (std::size_t k = 0; k < files.size(); ++k)
    fs::last_write_time(files[k].path, now - std::chrono::minutes(files.size() - k));
  const std::string oldest = files.front().path;
  TrimResult r = trim_cache(settings.dir, total - 1);
  CHECK(r.removed_entries == 1);
  CHECK(!fs::exists(oldest));
  CHECK(r.kept_bytes <= total - 1);

  // A whole analysis under a bound smaller than its entries stays within it.
  CacheSettings small{dir + "/small", total / 2};
  Run run = analyze_cached(ref, small);
  std::uint64_t kept = 0;
  for (const auto& f : entries(small)) kept += f.bytes;
  CHECK(kept > 0);
  CHECK(kept <= total / 2);
  CHECK(run.json == cold_json(ref));
}

TEST_CASE("cache: an entry names its key, and decoding another key's entry fails") {
  auto dir = scratch_dir("cache-key");
  const std::string ref = example_layout(dir + "/img");
  CacheSettings settings{dir + "/cache", kDefaultCacheMaxBytes};
  analyze_cached(ref, settings);
  auto files = layer_entries(settings);
  REQUIRE(!files.empty());
  std::ifstream in(files[0].path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string name = fs::path(files[0].path).filename().string();  // sha256-<hex>-<profile>.scan
  const auto diff_id = oci::Digest::parse("sha256:" + name.substr(7, 64));
  CHECK_NOTHROW(decode_layer_scan(bytes, diff_id, "attribution/8388608"));
  CHECK_THROWS_AS(decode_layer_scan(bytes, diff_id, "none/8388608"), UnusableEntry);
  CHECK_THROWS_AS(decode_layer_scan(bytes, oci::sha256_of("other"), "attribution/8388608"), UnusableEntry);
}
