// The same image written by skopeo (an independent implementation of the
// transports) into every form imgslim reads must give identical results.
#include <doctest/doctest.h>

#include "oci/image.h"
#include "oci/layers/layer_reader.h"
#include "support/error.h"
#include "tests/oci/test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;

namespace {

struct Summary {
  std::vector<Digest> diff_ids;
  std::vector<std::string> history;
  std::vector<std::string> entries;
  std::string user;
  std::vector<std::string> cmd;
};

Summary summarize(const Image& image) {
  Summary s;
  s.diff_ids = image.config().diff_ids;
  for (const auto& h : image.config().history) s.history.push_back(h.created_by);
  s.user = image.config().user;
  s.cmd = image.config().cmd;
  for (std::size_t i = 0; i < image.layer_count(); ++i) {
    read_layer(image.layer(i), true, [&](const TarEntry& e, EntryContent* c) {
      std::string content;
      char buf[65536];
      if (c)
        while (std::size_t n = c->read(buf, sizeof buf)) content.append(buf, n);
      s.entries.push_back(std::to_string(i) + " " + e.path + " " + std::to_string(int(e.type)) + " " +
                          std::to_string(e.mode) + " " + e.link_target + " " + std::to_string(e.size) + " " +
                          sha256_of(content).hex);
    });
  }
  return s;
}

void check_same(const Summary& a, const Summary& b) {
  CHECK(a.diff_ids == b.diff_ids);
  CHECK(a.history == b.history);
  CHECK(a.entries == b.entries);
  CHECK(a.user == b.user);
  CHECK(a.cmd == b.cmd);
}

}  // namespace

TEST_CASE("skopeo: oci, oci-archive, docker-archive and zstd copies read identically") {
  REQUIRE_MESSAGE(run("skopeo --version >/dev/null 2>&1") == 0, "skopeo is missing (scripts/install-deps.sh installs it)");
  TempDir dir;
  LayoutWriter w(dir / "src");
  const std::string long_name = "app/node_modules/" + std::string(150, 'n') + "/index.js";
  std::vector<LayerBlob> layers = {
      gzip_layer(TarBuilder()
                     .dir("app")
                     .file("app/server.js", "require('http')", 0755)
                     .file(long_name, std::string(70000, 'z'))
                     .symlink("app/link", "server.js")
                     .hardlink("app/hard", "app/server.js")
                     .finish()),
      gzip_layer(TarBuilder().file("app/.wh.link", "").file("app/server.js", "v2").finish()),
  };
  w.write_index({entry(w.image(layers, image_config(layers)), "", "v1")});
  const Summary original = summarize(*open_image("oci:" + dir / "src:v1"));
  CHECK(original.entries.size() == 7);

  const std::string skopeo = "skopeo --insecure-policy copy -q ";
  REQUIRE(run(skopeo + "oci:" + dir / "src:v1 docker-archive:" + dir / "docker.tar:app:v1") == 0);
  REQUIRE(run(skopeo + "oci:" + dir / "src:v1 oci-archive:" + dir / "oci.tar:v1") == 0);
  REQUIRE(run(skopeo + "--dest-compress-format zstd --dest-compress oci:" + dir / "src:v1 oci:" + dir / "zstd:v1") ==
          0);

  check_same(original, summarize(*open_image("docker-archive:" + dir / "docker.tar")));
  check_same(original, summarize(*open_image("docker-archive:" + dir / "docker.tar:app:v1")));
  check_same(original, summarize(*open_image(dir / "docker.tar")));
  check_same(original, summarize(*open_image("oci-archive:" + dir / "oci.tar:v1")));
  check_same(original, summarize(*open_image(dir / "oci.tar")));
  auto zstd_image = open_image("oci:" + dir / "zstd:v1");
  CHECK(zstd_image->manifest().layers[0].media_type == "application/vnd.oci.image.layer.v1.tar+zstd");
  check_same(original, summarize(*zstd_image));

  // And back: skopeo reads what it wrote, so the archive forms are genuine.
  CHECK(run(skopeo + "docker-archive:" + dir / "docker.tar oci:" + dir / "back:v1") == 0);
  check_same(original, summarize(*open_image("oci:" + dir / "back:v1")));
}
