// End to end: the built `imgslim analyze` on fixtures in every form, and on
// bad inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "fixtures/tar_bytes.h"
#include "support/atomic_file.h"
#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim::analyzers::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

CommandResult run_imgslim(const std::string& args, const std::string& scratch) {
  return run_command(shell_quote(IMGSLIM_BINARY) + " " + args, scratch);
}

// The figures that do not depend on how the layers are stored.
json figures(const json& report) {
  json f;
  for (auto key : {"total_bytes", "final_bytes", "final_files", "efficiency", "wasted_bytes", "user_wasted_percent",
                   "reclaimable_bytes", "duplicate_bytes", "user_bytes", "platform"})
    f[key] = report.at(key);
  for (const auto& l : report.at("layers"))
    f["layers"].push_back({l.at("index"), l.at("diff_id"), l.at("size_bytes"), l.at("created_by"), l.at("files_added"),
                           l.at("files_modified"), l.at("files_removed")});
  return f;
}

}  // namespace

TEST_CASE("cli analyze: the same figures from an OCI layout, an OCI archive and docker archives") {
  auto dir = scratch_dir("cli-forms");
  auto layout = imgslim::fixtures::preset_layout("example");
  json first;
  for (auto form : kAllForms) {
    CAPTURE(form_name(form));
    auto ref = write_fixture(layout, form, dir);
    auto r = run_imgslim("analyze --format json " + shell_quote(ref), dir);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto report = json::parse(r.out);
    for (auto key : {"schema_version", "ref", "digest", "platform", "total_bytes", "final_bytes", "final_files",
                     "compressed_bytes", "efficiency", "wasted_bytes", "user_wasted_percent", "reclaimable_bytes", "layers"})
      CHECK_MESSAGE(report.contains(key), key);
    for (auto key : {"index", "digest", "diff_id", "media_type", "size_bytes", "compressed_bytes", "created_by",
                     "files_added", "files_modified", "files_removed"})
      CHECK_MESSAGE(report.at("layers").at(0).contains(key), key);
    CHECK(report.at("schema_version") == 1);
    CHECK(report.at("ref") == ref);
    if (first.is_null()) first = figures(report);
    else CHECK(figures(report) == first);
  }
  CHECK(first.at("total_bytes") == spec_bytes(imgslim::fixtures::naive_node_image()));
}

TEST_CASE("cli analyze: text report and -o FILE") {
  auto dir = scratch_dir("cli-text");
  auto ref = write_fixture(imgslim::fixtures::preset_layout("whiteouts"), imgslim::fixtures::Form::OciArchive, dir);
  auto r = run_imgslim("analyze " + shell_quote(ref), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Layers") != std::string::npos);
  CHECK(r.out.find("RUN rm a/f r && rm -rf d") != std::string::npos);
  CHECK(r.out.find("efficiency 54.7170 %") != std::string::npos);  // 145/265
  CHECK(r.err.empty());

  std::string out = dir + "/report.json";
  auto w = run_imgslim("analyze --format json -o " + shell_quote(out) + " " + shell_quote(ref), dir);
  REQUIRE(w.exit_code == 0);
  CHECK(w.out.empty());
  CHECK(json::parse(slurp(out)).at("reclaimable_bytes") == 168);
}

TEST_CASE("cli analyze: bad inputs exit 2 with one line naming the input, and leave no output file") {
  auto dir = scratch_dir("cli-bad");
  std::string not_image = dir + "/readme.tar";
  // A plain tar holding one README, like dive's 12,800-byte placeholders: no manifest, no index.
  imgslim::write_file_atomically(
      not_image, imgslim::fixtures::make_tar({{imgslim::fixtures::EntryKind::File, "README.md", std::string(11189, 'r'), 0644, 0, 0, ""}}));
  std::vector<std::pair<std::string, std::string>> cases = {
      {"analyze " + shell_quote(dir + "/missing.tar"), "missing.tar"},
      {"analyze " + shell_quote(not_image), "readme.tar"},
      {"analyze oci:" + shell_quote(dir + "/nowhere"), "nowhere"},
      {"analyze --format yaml x", "yaml"},
  };
  auto corrupt = write_fixture(imgslim::fixtures::preset_layout("corrupt-blob"), imgslim::fixtures::Form::OciArchive, dir);
  cases.push_back({"analyze -o " + shell_quote(dir + "/out.json") + " " + shell_quote(corrupt), "sha256:"});
  for (const auto& [args, needle] : cases) {
    CAPTURE(args);
    auto r = run_imgslim(args, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK_FALSE(fs::exists(dir + "/out.json"));
}

TEST_CASE("cli analyze: --base counts only the layers after the base image") {
  auto dir = scratch_dir("cli-base");
  auto example = write_fixture(imgslim::fixtures::preset_layout("example"), imgslim::fixtures::Form::OciArchive, dir);
  imgslim::fixtures::Image node = imgslim::fixtures::naive_node_image();
  node.layers.resize(1);  // only the "os" layer: a base that ends earlier than the history says
  imgslim::fixtures::Layout base_layout;
  base_layout.add("os:1", node);
  auto base = write_fixture(base_layout, imgslim::fixtures::Form::DockerArchive, dir + "/base");

  auto r = run_imgslim("analyze --format json --base " + shell_quote(base) + " " + shell_quote(example), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto report = json::parse(r.out);
  CHECK(report.at("base").at("layers") == 1);
  CHECK(report.at("base").at("source") == "base-image");
  CHECK(report.at("layers").at(0).at("base") == true);
  CHECK(report.at("layers").at(1).at("base") == false);
  std::uint64_t user = 0;
  for (std::size_t i = 1; i < report.at("layers").size(); ++i) user += report.at("layers").at(i).at("size_bytes").get<std::uint64_t>();
  CHECK(report.at("user_bytes") == user);

  auto history = json::parse(run_imgslim("analyze --format json " + shell_quote(example), dir).out);
  CHECK(history.at("base").at("layers") == 2);
  CHECK(history.at("base").at("source") == "history");

  auto other = write_fixture(imgslim::fixtures::preset_layout("whiteouts"), imgslim::fixtures::Form::OciArchive, dir + "/other");
  auto bad = run_imgslim("analyze --base " + shell_quote(other) + " " + shell_quote(example), dir);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("not a base of") != std::string::npos);
  CHECK(bad.out.empty());
}

TEST_CASE("cli analyze: the bundled example, as scripts/setup.sh runs it, prints no note and every npm package's version") {
  auto dir = scratch_dir("cli-example-clean");
  const std::string tar = dir + "/naive-node.tar";
  auto r = run_command(shell_quote(std::string(IMGSLIM_BUILD_DIR) + "/imgslim-fixtures") + " example " + shell_quote(tar), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  r = run_imgslim("analyze --push-size " + shell_quote("docker-archive:" + tar), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("note:") == std::string::npos);
  CHECK(r.out.find("note:") == std::string::npos);
  CHECK(r.out.find("not valid JSON") == std::string::npos);
  // A package shown as "name@" with no version after it.
  static const std::regex no_version(R"([A-Za-z0-9_.-]@(\s|,|\)|$))");
  CHECK_FALSE(std::regex_search(r.out, no_version));

  r = run_imgslim("analyze --format json " + shell_quote("docker-archive:" + tar), dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const json report = json::parse(r.out);
  CHECK(report.at("attribution").at("notes").empty());
  std::size_t npm = 0;
  for (const auto& p : report.at("packages")) {
    if (p.at("ecosystem") != "npm") continue;
    ++npm;
    CAPTURE(p.dump());
    CHECK(!p.at("name").get<std::string>().empty());
    CHECK(!p.at("version").get<std::string>().empty());
  }
  CHECK(npm >= 5);  // express, typescript, jest, two debug copies (and npm itself)
}
