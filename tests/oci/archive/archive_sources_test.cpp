#include <doctest/doctest.h>

#include <filesystem>

#include "oci/image.h"
#include "oci/layers/layer_reader.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "tests/oci/test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;
namespace fs = std::filesystem;

namespace {

std::vector<LayerBlob> layers_for(const std::string& tag) {
  return {plain_layer(TarBuilder().dir("app").file("app/index.js", "// " + tag + "\n").finish()),
          plain_layer(TarBuilder().file("app/.wh.index.js", "").file("app/main.js", std::string(3000, 'm')).finish()),
          plain_layer(TarBuilder().file("app/main.js", "tiny").finish())};
}

std::vector<std::string> entries_of(const Image& image) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < image.layer_count(); ++i) {
    read_layer(image.layer(i), true, [&](const TarEntry& e, EntryContent* c) {
      std::string content;
      char buf[4096];
      if (c)
        while (std::size_t n = c->read(buf, sizeof buf)) content.append(buf, n);
      out.push_back(std::to_string(i) + ":" + e.path + ":" + content);
    });
  }
  return out;
}

enum class DockerForm { Legacy, Docker25, Kaniko };

struct SavedImage {
  std::vector<LayerBlob> layers;
  json config;
  std::vector<std::string> repo_tags;
};

// What docker save (legacy, or 25+), or go-containerregistry's tarball
// writer (kaniko), puts into the archive directory `root`.
void write_docker_save(const std::string& root, const std::vector<SavedImage>& images, DockerForm form) {
  json manifest = json::array();
  json repositories = json::object();
  std::vector<json> index_entries;
  if (form == DockerForm::Docker25) write_file(root + "/oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
  for (const auto& image : images) {
    const std::string config = image.config.dump();
    const std::string config_hex = sha256_of(config).hex;
    json entry = {{"RepoTags", image.repo_tags}, {"Layers", json::array()}};
    std::string parent;
    for (std::size_t i = 0; i < image.layers.size(); ++i) {
      const LayerBlob& l = image.layers[i];
      if (form == DockerForm::Legacy) {
        const std::string id = sha256_of(parent + sha256_of(l.tar).str()).hex;  // chain id, as docker derives v1 ids
        write_file(root + "/" + id + "/layer.tar", l.tar);
        write_file(root + "/" + id + "/VERSION", "1.0");
        write_file(root + "/" + id + "/json", json{{"id", id}}.dump());
        entry["Layers"].push_back(id + "/layer.tar");
        parent = id;
      } else if (form == DockerForm::Docker25) {
        write_file(root + "/blobs/sha256/" + sha256_of(l.tar).hex, l.tar);
        entry["Layers"].push_back("blobs/sha256/" + sha256_of(l.tar).hex);
      } else {
        const std::string gz = gzip(l.tar);
        write_file(root + "/" + sha256_of(gz).hex + ".tar.gz", gz);
        entry["Layers"].push_back(sha256_of(gz).hex + ".tar.gz");
      }
    }
    if (form == DockerForm::Legacy) {
      write_file(root + "/" + config_hex + ".json", config);
      entry["Config"] = config_hex + ".json";
      for (const auto& t : image.repo_tags) {
        const auto colon = t.rfind(':');
        repositories[t.substr(0, colon)][t.substr(colon + 1)] = parent;
      }
    } else if (form == DockerForm::Docker25) {
      write_file(root + "/blobs/sha256/" + config_hex, config);
      entry["Config"] = "blobs/sha256/" + config_hex;
      // Docker 25 also writes the OCI manifest and index.json.
      LayoutWriter w(root);
      const Descriptor m = w.image(image.layers, image.config);
      for (const auto& t : image.repo_tags) {
        json e = test::entry(m);
        e["annotations"] = {{"io.containerd.image.name", "docker.io/library/" + t},
                            {"org.opencontainers.image.ref.name", t.substr(t.rfind(':') + 1)}};
        index_entries.push_back(e);
      }
    } else {
      write_file(root + "/sha256:" + config_hex, config);
      entry["Config"] = "sha256:" + config_hex;
    }
    manifest.push_back(entry);
  }
  write_file(root + "/manifest.json", manifest.dump());
  if (form == DockerForm::Legacy) write_file(root + "/repositories", repositories.dump());
  if (form == DockerForm::Docker25) LayoutWriter(root).write_index(index_entries);
}

SavedImage saved(const std::string& tag) {
  auto layers = layers_for(tag);
  return {layers, image_config(layers), {tag}};
}

}  // namespace

TEST_CASE("docker-archive: legacy, Docker 25+ and kaniko forms read the same image") {
  const SavedImage api = saved("api:1.0");
  TempDir layout;
  LayoutWriter w(layout / "l");
  w.write_index({entry(w.image(api.layers, api.config))});
  const std::vector<std::string> expected = entries_of(*open_image(layout / "l"));
  CHECK(expected.size() == 5);
  for (DockerForm form : {DockerForm::Legacy, DockerForm::Docker25, DockerForm::Kaniko}) {
    CAPTURE(int(form));
    TempDir dir;
    write_docker_save(dir / "save", {api}, form);
    tar_directory(dir / "save", dir / "save.tar");
    for (const std::string& ref : std::vector<std::string>{"docker-archive:" + dir / "save.tar", "docker-archive:" + dir / "save.tar:api:1.0",
                                  "docker-archive:" + dir / "save.tar:docker.io/library/api:1.0", dir / "save.tar",
                                  "docker-archive:" + dir / "save", dir / "save"}) {
      CAPTURE(ref);
      auto image = open_image(ref);
      CHECK(image->layer_count() == 3);
      CHECK(image->config().diff_ids == std::vector<Digest>{sha256_of(api.layers[0].tar), sha256_of(api.layers[1].tar),
                                                            sha256_of(api.layers[2].tar)});
      CHECK(entries_of(*image) == expected);
      if (form == DockerForm::Kaniko) CHECK(image->manifest().layers[0].media_type == media::kDockerLayerGzip);
      if (ref.starts_with("docker-archive:")) {
        CHECK(image->digest() == sha256_of(api.config.dump()));  // the image ID
        if (form != DockerForm::Kaniko) CHECK(image->manifest().layers[0].digest == sha256_of(api.layers[0].tar));
        if (form == DockerForm::Kaniko) CHECK(image->manifest().layers[0].digest == sha256_of(gzip(api.layers[0].tar)));
      }
    }
  }
}

TEST_CASE("docker-archive: several images are picked by NAME:TAG or @N, else listed") {
  for (DockerForm form : {DockerForm::Legacy, DockerForm::Docker25}) {
    TempDir dir;
    write_docker_save(dir / "save", {saved("api:1.0"), saved("web:2.0")}, form);
    tar_directory(dir / "save", dir / "save.tar");
    const std::string base = "docker-archive:" + dir / "save.tar";
    CHECK(entries_of(*open_image(base + ":web:2.0"))[1] == "0:app/index.js:// web:2.0\n");
    CHECK(entries_of(*open_image(base + ":api:1.0"))[1] == "0:app/index.js:// api:1.0\n");
    CHECK(entries_of(*open_image(base + ":@1"))[1] == "0:app/index.js:// web:2.0\n");
    CHECK_THROWS_WITH_AS(open_image(base), doctest::Contains("several images (api:1.0, web:2.0)"), imgslim::Error);
    CHECK_THROWS_WITH_AS(open_image(base + ":db:1"), doctest::Contains("no image named \"db:1\" (available: api:1.0, web:2.0)"),
                         imgslim::Error);
    CHECK_THROWS_WITH_AS(open_image(base + ":@2"), doctest::Contains("no image @2"), imgslim::Error);
  }
}

TEST_CASE("docker-archive: legacy archive names untagged entries from repositories") {
  TempDir dir;
  SavedImage img = saved("api:1.0");
  write_docker_save(dir / "save", {img}, DockerForm::Legacy);
  json manifest = json::parse(read_file(dir / "save/manifest.json"));
  manifest[0]["RepoTags"] = nullptr;
  write_file(dir / "save/manifest.json", manifest.dump());
  tar_directory(dir / "save", dir / "save.tar");
  CHECK(open_image("docker-archive:" + dir / "save.tar:api:1.0")->layer_count() == 3);
}

TEST_CASE("docker-archive: bad archives are clear errors") {
  TempDir dir;
  write_file(dir / "junk.tar", std::string(3000, 'j'));
  CHECK_THROWS_WITH_AS(open_image("docker-archive:" + dir / "junk.tar"), doctest::Contains("not a tar archive"),
                       imgslim::Error);
  write_file(dir / "small", std::string(12800, '\x01'));
  CHECK_THROWS_WITH_AS(open_image(dir / "small"), doctest::Contains("not a tar archive"), imgslim::Error);
  write_docker_save(dir / "save", {saved("api:1.0")}, DockerForm::Legacy);
  tar_directory(dir / "save", dir / "save.tar");
  write_file(dir / "save.tar.gz", gzip(read_file(dir / "save.tar")));
  CHECK_THROWS_WITH_AS(open_image(dir / "save.tar.gz"), doctest::Contains("gzip-compressed; decompress it first"),
                       imgslim::Error);
  const std::string whole = read_file(dir / "save.tar");
  write_file(dir / "cut.tar", whole.substr(0, whole.size() / 2));
  CHECK_THROWS_WITH_AS(open_image(dir / "cut.tar"), doctest::Contains("truncated archive"), imgslim::Error);
  write_file(dir / "save/manifest.json", "{}");
  CHECK_THROWS_WITH_AS(open_image("docker-archive:" + dir / "save"),
                       doctest::Contains("manifest.json: expected a JSON array, found object"), imgslim::Error);
}

TEST_CASE("oci-archive: a tar of a layout is read in place") {
  TempDir dir;
  LayoutWriter w(dir / "layout");
  const auto layers = layers_for("x");
  const Descriptor m = w.image(layers, image_config(layers));
  w.write_index({entry(m, "", "v1")});
  tar_directory(dir / "layout", dir / "layout.tar");
  const auto expected = entries_of(*open_image("oci:" + dir / "layout"));
  for (const std::string& ref : std::vector<std::string>{"oci-archive:" + dir / "layout.tar", "oci-archive:" + dir / "layout.tar:v1",
                                dir / "layout.tar"}) {
    CAPTURE(ref);
    auto image = open_image(ref);
    CHECK(image->digest() == m.digest);
    CHECK(entries_of(*image) == expected);
  }
  CHECK_THROWS_WITH_AS(open_image("oci-archive:" + dir / "layout.tar:v2"), doctest::Contains("no image tagged \"v2\""),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(open_image("oci:" + dir / "layout.tar"), doctest::Contains("use oci-archive:"), imgslim::Error);
  CHECK_THROWS_WITH_AS(open_image("oci-archive:" + dir / "layout"), doctest::Contains("use oci:"), imgslim::Error);
}
