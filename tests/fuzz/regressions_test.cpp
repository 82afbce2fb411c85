// Every input the fuzzers ever crashed on (fuzz/regressions/<target>/) and
// the seed corpora run through the fuzz bodies in the normal and the
// sanitizer builds, so a fixed crash stays fixed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
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
  if (!fs::exists(dir)) return 0;
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

}  // namespace

TEST_CASE("fuzz regressions: dockerfile") {
  std::size_t n = run_dir(kSource / "fuzz/regressions/dockerfile", imgslim_fuzz_dockerfile);
  n += run_dir(kShared / "realworld/buildkit-parser-testfiles", imgslim_fuzz_dockerfile);
  n += run_dir(kShared / "realworld/buildkit-parser-extra-testdata", imgslim_fuzz_dockerfile);
  CHECK(n > 30);
}

TEST_CASE("fuzz regressions: shell expansion") {
  run_dir(kSource / "fuzz/regressions/shell_expand", imgslim_fuzz_shell_expand);
  std::string bomb = "${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-x}}}}}}}}$a$a$a$a$a$a$a$a\na=" + std::string(4096, 'y');
  CHECK(imgslim_fuzz_shell_expand(reinterpret_cast<const std::uint8_t*>(bomb.data()), bomb.size()) == 0);
}

TEST_CASE("fuzz regressions: budget files") {
  run_dir(kSource / "fuzz/regressions/budget", imgslim_fuzz_budget);
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
  std::size_t n = run_dir(kSource / "fuzz/regressions/layer", imgslim_fuzz_layer);
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
  run_dir(kSource / "fuzz/regressions/documents", imgslim_fuzz_documents);
  std::string deep = "{\"schemaVersion\":2,\"x\":" + std::string(50000, '[') + std::string(50000, ']') + "}";
  CHECK(imgslim_fuzz_documents(reinterpret_cast<const std::uint8_t*>(deep.data()), deep.size()) == 0);
}

TEST_CASE("fuzz regressions: image archives") {
  std::size_t n = run_dir(kSource / "fuzz/regressions/image_archive", imgslim_fuzz_image_archive);
  imgslim::testing::TempDir dir;
  write_seed_images(dir);
  n += run_dir(dir.path, [](const std::uint8_t* d, std::size_t s) { return imgslim_fuzz_image_archive(d, s); });
  CHECK(n > 6);
}

TEST_CASE("fuzz regressions: compose files") {
  std::size_t n = run_dir(kSource / "fuzz/regressions/compose", imgslim_fuzz_compose);
  n += run_dir(kSource / "fixtures/compose", imgslim_fuzz_compose);
  CHECK(n > 0);
}
