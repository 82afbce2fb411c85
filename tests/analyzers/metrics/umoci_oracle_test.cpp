// Independent oracle: the merged tree equals what `umoci raw unpack
// --rootless` extracts from the same image (archives converted with
// `skopeo copy`; zstd layers recompressed to gzip, which umoci 0.4 needs).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "tests/analyzers/fixture_images.h"
#include "tests/analyzers/run_command.h"

using namespace imgslim;
using namespace imgslim::analyzers;
using namespace imgslim::analyzers::testing;
namespace fs = std::filesystem;

namespace {

struct Node {
  char type = '?';
  std::int64_t size = 0;  // regular files only
  bool operator==(const Node&) const = default;
};
using Tree = std::map<std::string, Node>;

Tree walk(const std::string& root) {
  Tree t;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    auto st = it->symlink_status();
    std::string rel = it->path().lexically_relative(root).generic_string();
    Node n;
    if (fs::is_symlink(st)) n.type = 'l';
    else if (fs::is_directory(st)) n.type = 'd';
    else if (fs::is_regular_file(st)) n = {'f', static_cast<std::int64_t>(fs::file_size(it->path()))};
    else if (fs::is_fifo(st)) n.type = 'p';
    else n.type = 'o';
    t[rel] = n;
  }
  return t;
}

// A hardlink's size is that of the file it names, as last written before it.
std::int64_t hardlink_size(const ImageScan& s, RecordId link) {
  std::string_view target = s.links.str(s.records[link].link_target);
  for (RecordId r = link; r-- > 0;) {
    const auto& rec = s.records[r];
    if (rec.path != kNoPath && !rec.is_marker() && s.paths.str(rec.path) == target) {
      return rec.type == FileType::Hardlink ? hardlink_size(s, r) : rec.size;
    }
  }
  return -1;
}

Tree merged(const ImageScan& s) {
  Tree t;
  for (const auto& n : s.tree.nodes()) {
    Node node;
    if (n.record == kImplicitDir) {
      node.type = 'd';
    } else {
      const auto& r = s.records[n.record];
      switch (r.type) {
        case FileType::Directory: node.type = 'd'; break;
        case FileType::File: node = {'f', r.size}; break;
        case FileType::Hardlink: node = {'f', hardlink_size(s, n.record)}; break;
        case FileType::Symlink: node.type = 'l'; break;
        case FileType::Fifo: node.type = 'p'; break;
        default: node.type = 'o'; break;
      }
    }
    t[std::string(s.paths.str(n.path))] = node;
  }
  return t;
}

void check_same(const Tree& ours, const Tree& umoci) {
  for (const auto& [path, node] : umoci) {
    auto it = ours.find(path);
    if (it == ours.end()) FAIL_CHECK("umoci has " << path << " (" << node.type << "), imgslim does not");
    else if (!(it->second == node))
      FAIL_CHECK(path << ": imgslim " << it->second.type << " " << it->second.size << ", umoci " << node.type << " " << node.size);
  }
  for (const auto& [path, node] : ours)
    if (!umoci.count(path)) FAIL_CHECK("imgslim has " << path << " (" << node.type << "), umoci does not");
  CHECK(ours.size() == umoci.size());
}

// Copies `ref` to a gzip OCI layout with skopeo and unpacks it with umoci.
Tree umoci_tree(const std::string& ref, const std::string& dir) {
  std::string layout = dir + "/umoci-layout", rootfs = dir + "/umoci-rootfs";
  fs::remove_all(layout);
  fs::remove_all(rootfs);
  auto copy = run_command("skopeo copy --dest-compress --dest-compress-format gzip " + shell_quote(ref) + " " +
                              shell_quote("oci:" + layout + ":t"), dir);
  REQUIRE_MESSAGE(copy.exit_code == 0, copy.err);
  auto unpack = run_command("umoci raw unpack --rootless --image " + shell_quote(layout + ":t") + " " + shell_quote(rootfs), dir);
  REQUIRE_MESSAGE(unpack.exit_code == 0, unpack.err);
  return walk(rootfs);
}

}  // namespace

TEST_CASE("oracle: every preset's merged tree equals umoci's unpacked rootfs") {
  for (std::string preset : {"whiteouts", "links", "overwrite", "compression", "example"}) {
    CAPTURE(preset);
    auto dir = scratch_dir("oracle-" + preset);
    auto ref = write_fixture(fixtures::preset_layout(preset), fixtures::Form::OciLayout, dir);
    auto tag = fixtures::preset_layout(preset).refs[0].tag;
    auto a = analyze_ref(ref);
    check_same(merged(a.scan), umoci_tree(ref + ":" + tag, dir));
  }
}

TEST_CASE("oracle: docker archives (current and legacy) converted with skopeo") {
  for (auto form : {fixtures::Form::DockerArchive, fixtures::Form::DockerArchiveLegacy, fixtures::Form::OciArchive}) {
    CAPTURE(form_name(form));
    auto dir = scratch_dir(std::string("oracle-archive-") + form_name(form));
    auto ref = write_fixture(fixtures::preset_layout("whiteouts"), form, dir);
    auto a = analyze_ref(ref);
    check_same(merged(a.scan), umoci_tree(ref, dir));
  }
}

TEST_CASE("oracle: dive's test image") {
  std::vector<std::string> images{std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/test-docker-image.tar"};
  if (const char* env = std::getenv("IMGSLIM_DIVE_IMAGE"); env && *env) images.push_back(env);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::string& path = images[i];
    CAPTURE(path);
    REQUIRE_MESSAGE(fs::is_regular_file(path), "dive's test image is missing: " << path);
    auto dir = scratch_dir("oracle-dive-" + std::to_string(i));
    auto a = analyze_ref("docker-archive:" + path);
    const Tree ours = merged(a.scan);
    REQUIRE(!ours.empty());
    check_same(ours, umoci_tree("docker-archive:" + path, dir));
  }
}

TEST_CASE("oracle: dive's kaniko and eStargz archives") {
  const std::string images = std::string(IMGSLIM_SHARED_DIR) + "/realworld/images/";
  const std::pair<std::string, std::string> cases[] = {{"test-kaniko-image.tar", ""},
                                                        {"test-oci-estargz-image.tar", "linux/arm64"}};
  for (const auto& [file, platform] : cases) {
    const std::string path = images + file;
    CAPTURE(path);
    REQUIRE_MESSAGE(fs::is_regular_file(path), "dive's test archive is missing: " << path);
    const std::string ref = (platform.empty() ? "docker-archive:" : "oci-archive:") + path;
    auto dir = scratch_dir("oracle-" + file);
    auto a = analyze_ref(ref, platform);
    const Tree ours = merged(a.scan);
    REQUIRE(!ours.empty());
    check_same(ours, umoci_tree(ref, dir));
  }
}
