// Through the fuzz bodies, in the normal and the sanitizer builds: every
// input a fuzzer crashed on (fuzz/regressions/<target>/, so a fixed crash
// stays fixed), each target's seed corpus (fuzz/seeds/<target>/: small
// hand-written inputs, the ones fuzz/run.sh starts from besides the fixture
// images and ../shared/realworld) and those real-world inputs. A target
// without a seed folder fails; one without a regressions folder must be
// declared below (kNoCrashYet), and a folder naming no target fails too.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "fixtures/hostile_corpus.h"
#include "fixtures/presets.h"
#include "fuzz/targets/budget.h"
#include "fuzz/targets/compose.h"
#include "fuzz/targets/dockerfile.h"
#include "fuzz/targets/documents.h"
#include "fuzz/targets/image_archive.h"
#include "fuzz/targets/layer.h"
#include "fuzz/targets/shell_expand.h"
#include "tests/run_command.h"

namespace fs = std::filesystem;

namespace {

using Body = std::function<int(const std::uint8_t*, std::size_t)>;

std::size_t run_dir(const fs::path& dir, const Body& body) {
  std::size_t n = 0;
  REQUIRE_MESSAGE(fs::is_directory(dir), "missing input folder: " << dir.string());
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("input: " << e.path().string());
    CHECK(body(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()) == 0);
    ++n;
  }
  return n;
}

const fs::path kSource = IMGSLIM_SOURCE_DIR;
const fs::path kShared = IMGSLIM_SHARED_DIR;

// Every fuzz target (fuzz/fuzz_<name>.cpp) has a test case below.
const std::set<std::string> kTargets = {"budget", "compose", "dockerfile", "documents",
                                        "image_archive", "layer", "shell_expand"};
// Targets no fuzzer run has crashed yet: they have no fuzz/regressions/<target>/.
const std::set<std::string> kNoCrashYet = {"compose", "documents", "image_archive", "layer"};

// The seeds and the regressions of `target`; returns how many inputs ran.
std::size_t replay(const std::string& target, const Body& body) {
  REQUIRE(kTargets.count(target) == 1);
  const fs::path seeds = kSource / "fuzz/seeds" / target;
  REQUIRE_MESSAGE(fs::is_directory(seeds), "fuzz target " << target << " has no seed corpus: " << seeds.string());
  const std::size_t seeded = run_dir(seeds, body);
  CHECK_MESSAGE(seeded >= 2, "fuzz/seeds/" << target << " holds " << seeded << " inputs");
  const fs::path crashes = kSource / "fuzz/regressions" / target;
  if (kNoCrashYet.count(target)) {
    CHECK_MESSAGE(!fs::exists(crashes), crashes.string() << " exists: take " << target << " out of kNoCrashYet");
    return seeded;
  }
  REQUIRE_MESSAGE(fs::is_directory(crashes), "fuzz target " << target << " has no regressions folder: "
                                                             << crashes.string() << " (or declare it in kNoCrashYet)");
  const std::size_t replayed = run_dir(crashes, body);
  CHECK_MESSAGE(replayed >= 1, crashes.string() << " is empty");
  return seeded + replayed;
}

std::set<std::string> names_in(const fs::path& dir, const std::string& prefix = "", const std::string& ext = "") {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with(prefix) || !name.ends_with(ext)) continue;
    out.insert(name.substr(prefix.size(), name.size() - prefix.size() - ext.size()));
  }
  return out;
}

}  // namespace

TEST_CASE("fuzz corpora: every target has seeds and a test here, every corpus folder names a target") {
  CHECK(names_in(kSource / "fuzz", "fuzz_", ".cpp") == kTargets);
  CHECK(names_in(kSource / "fuzz/seeds") == kTargets);
  std::set<std::string> crashed;
  for (const auto& t : kTargets)
    if (!kNoCrashYet.count(t)) crashed.insert(t);
  CHECK(names_in(kSource / "fuzz/regressions") == crashed);
}

TEST_CASE("fuzz regressions: dockerfile") {
  std::size_t n = replay("dockerfile", imgslim_fuzz_dockerfile);
  n += run_dir(kShared / "realworld/buildkit-parser-testfiles", imgslim_fuzz_dockerfile);
  n += run_dir(kShared / "realworld/buildkit-parser-extra-testdata", imgslim_fuzz_dockerfile);
  CHECK(n > 30);
}

TEST_CASE("fuzz regressions: shell expansion") {
  CHECK(replay("shell_expand", imgslim_fuzz_shell_expand) >= 4);
  std::string bomb = "${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-x}}}}}}}}$a$a$a$a$a$a$a$a\na=" + std::string(4096, 'y');
  CHECK(imgslim_fuzz_shell_expand(reinterpret_cast<const std::uint8_t*>(bomb.data()), bomb.size()) == 0);
}

TEST_CASE("fuzz regressions: budget files") {
  CHECK(replay("budget", imgslim_fuzz_budget) >= 4);
  std::string deep(100000, '[');
  CHECK(imgslim_fuzz_budget(reinterpret_cast<const std::uint8_t*>(deep.data()), deep.size()) == 0);
}

namespace {

// Small images written by the fixture library, as the fuzzers' seeds are.
fs::path write_seed_images(const imgslim::testing::TempDir& dir) {
  using namespace imgslim::fixtures;
  for (const char* preset : {"links", "whiteouts", "compression"}) {
    write_layout(preset_layout(preset), Form::OciLayout, dir / (std::string(preset) + "-oci"));
    write_layout(preset_layout(preset), Form::OciArchive, dir / (std::string(preset) + ".oci.tar"));
    write_layout(preset_layout(preset), Form::DockerArchive, dir / (std::string(preset) + ".docker.tar"));
  }
  return dir.path;
}

}  // namespace

TEST_CASE("fuzz regressions: layer reader") {
  std::size_t n = replay("layer", imgslim_fuzz_layer);
  imgslim::testing::TempDir dir;
  write_seed_images(dir);
  // Every blob of the fixture layouts (layers and JSON) through the layer and document bodies.
  for (const auto& e : fs::recursive_directory_iterator(dir.path)) {
    if (!e.is_regular_file() || e.path().parent_path().filename() != "sha256") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(imgslim_fuzz_layer(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()) == 0);
    CHECK(imgslim_fuzz_documents(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()) == 0);
    ++n;
  }
  CHECK(n > 10);
}

TEST_CASE("fuzz regressions: documents") {
  CHECK(replay("documents", imgslim_fuzz_documents) >= 3);
  std::string deep = "{\"schemaVersion\":2,\"x\":" + std::string(50000, '[') + std::string(50000, ']') + "}";
  CHECK(imgslim_fuzz_documents(reinterpret_cast<const std::uint8_t*>(deep.data()), deep.size()) == 0);
}

TEST_CASE("fuzz regressions: image archives") {
  std::size_t n = replay("image_archive", imgslim_fuzz_image_archive);
  imgslim::testing::TempDir dir;
  write_seed_images(dir);
  n += run_dir(dir.path, [](const std::uint8_t* d, std::size_t s) { return imgslim_fuzz_image_archive(d, s); });
  CHECK(n > 6);
}

TEST_CASE("fuzz regressions: compose files") {
  std::size_t n = replay("compose", imgslim_fuzz_compose);
  n += run_dir(kSource / "fixtures/compose", imgslim_fuzz_compose);
  CHECK(n > 10);
}
