#include <doctest/doctest.h>

#include <cstring>

#include "oci/layers/layer_reader.h"
#include "oci/model/media_types.h"
#include "support/error.h"
#include "tests/oci/test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;

namespace {

class MemoryStream final : public ByteStream {
 public:
  explicit MemoryStream(std::string data, std::size_t max_read = SIZE_MAX) : data_(std::move(data)), max_(max_read) {}
  std::size_t read(void* buf, std::size_t n) override {
    n = std::min({n, data_.size() - pos_, max_});
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
  std::size_t max_;
};

struct Seen {
  TarEntry entry;
  std::string content;
  bool has_content = false;
};

struct Result {
  std::vector<Seen> entries;
  LayerStats stats;
  const Seen* find(const std::string& path) const {
    for (const auto& s : entries)
      if (s.entry.path == path) return &s;
    return nullptr;
  }
};

Result read_all(const std::string& blob, const LayerCheck& check = {}, std::size_t max_read = SIZE_MAX) {
  MemoryStream stream(blob, max_read);
  Result r;
  r.stats = read_layer_stream(stream, "layer-under-test", check, [&](const TarEntry& e, EntryContent* content) {
    Seen s{e, {}, content != nullptr};
    if (content) {
      char buf[7];  // small reads on purpose: content arrives in pieces
      while (std::size_t n = content->read(buf, sizeof buf)) s.content.append(buf, n);
    }
    r.entries.push_back(std::move(s));
  });
  return r;
}

std::string sample_tar(TarFormat format = TarFormat::Pax) {
  const std::string long_dir = "usr/lib/node_modules/" + std::string(120, 'x');
  return TarBuilder(format)
      .dir("./")
      .dir("app")
      .file("app/server.js", "console.log('hi')\n", 0755, 1000)
      .file("./app/empty.txt", "")
      .file(long_dir + "/package.json", "{\"name\":\"x\"}")
      .symlink("app/current", "../app")
      .hardlink("app/server-copy.js", "app/server.js")
      .file("etc/.wh.passwd", "")
      .file("var/cache/.wh..wh..opq", "")
      .char_device("dev/null", 1, 3)
      .fifo("run/fifo")
      .finish();
}

void check_sample(const Result& r) {
  const std::string long_dir = "usr/lib/node_modules/" + std::string(120, 'x');
  REQUIRE(r.find("app/server.js"));
  CHECK(r.find("app/server.js")->content == "console.log('hi')\n");
  CHECK(r.find("app/server.js")->entry.mode == 0755);
  CHECK(r.find("app/server.js")->entry.uid == 1000);
  CHECK(r.find("app/server.js")->entry.size == 18);
  CHECK(r.find("app/server.js")->entry.mtime == 1700000000);
  REQUIRE(r.find("app/empty.txt"));
  CHECK(r.find("app/empty.txt")->has_content);
  CHECK(r.find("app/empty.txt")->content.empty());
  REQUIRE(r.find(long_dir + "/package.json"));
  CHECK(r.find(long_dir + "/package.json")->content == "{\"name\":\"x\"}");
  REQUIRE(r.find("app/current"));
  CHECK(r.find("app/current")->entry.type == EntryType::Symlink);
  CHECK(r.find("app/current")->entry.link_target == "../app");
  REQUIRE(r.find("app/server-copy.js"));
  CHECK(r.find("app/server-copy.js")->entry.type == EntryType::Hardlink);
  CHECK(r.find("app/server-copy.js")->entry.link_target == "app/server.js");
  CHECK_FALSE(r.find("app/server-copy.js")->has_content);
  CHECK(r.find("app")->entry.type == EntryType::Directory);
  CHECK(r.find("etc/.wh.passwd"));
  CHECK(r.find("var/cache/.wh..wh..opq"));
  CHECK(r.find("dev/null")->entry.type == EntryType::CharDevice);
  CHECK(r.find("run/fifo")->entry.type == EntryType::Fifo);
  CHECK(r.entries.size() == 10);  // "./" (the root) is not reported
  CHECK(r.stats.entries == 10);
}

}  // namespace

TEST_CASE("read_layer: plain, gzip and zstd layers give the same entries, digests verified") {
  const std::string tar = sample_tar();
  for (const LayerBlob& layer : {plain_layer(tar), gzip_layer(tar), zstd_layer(tar)}) {
    CAPTURE(layer.media_type);
    LayerCheck check{layer.media_type, sha256_of(layer.blob), std::int64_t(layer.blob.size()), sha256_of(tar), ""};
    const Result r = read_all(layer.blob, check);
    check_sample(r);
    CHECK(r.stats.tar_bytes == tar.size());
    CHECK(r.stats.compressed_bytes == layer.blob.size());
    // 1-byte reads from the blob exercise every buffer boundary.
    check_sample(read_all(layer.blob, check, 1));
  }
  CHECK(read_all(gzip(tar)).stats.compression == "gzip");
  CHECK(read_all(zstd(tar)).stats.compression == "zstd");
  CHECK(read_all(tar).stats.compression == "none");
}

TEST_CASE("read_layer: GNU tar long names and links") {
  const std::string tar = sample_tar(TarFormat::Gnu);
  check_sample(read_all(gzip(tar), LayerCheck{"", {}, -1, sha256_of(tar), ""}));
}

// The holes are never materialised (a header may claim terabytes of them,
// tests/hostile): the content is the stored data, the size the apparent one.
TEST_CASE("read_layer: sparse file has its apparent size and its stored data as content") {
  const std::string tar = TarBuilder().sparse("data/db.sparse", 1 << 20, 65536, "DATA").finish();
  const Result r = read_all(gzip(tar));
  REQUIRE(r.find("data/db.sparse"));
  const auto& s = *r.find("data/db.sparse");
  CHECK(s.entry.size == (1 << 20));
  CHECK(s.content == "DATA");
  CHECK(tar.size() < 100000);  // really stored sparse
}

TEST_CASE("read_layer: PAX global header and unread content are skipped") {
  // A pax global header ('g') as git archive writes it, then a file.
  TarBuilder t;
  t.file("a.txt", std::string(100000, 'a')).file("b.txt", "bee");
  std::string tar = t.finish();
  std::string g(512, '\0');
  const std::string record = "52 comment=e3b0c44298fc1c149afbf4c8996fb92427ae41e4\n";
  std::string gdata = record + std::string(512 - record.size(), '\0');
  std::memcpy(g.data(), "pax_global_header", 17);
  std::memcpy(g.data() + 100, "0000666", 7);
  std::memcpy(g.data() + 124, "00000000064", 11);  // 52 bytes
  g[156] = 'g';
  std::memcpy(g.data() + 257, "ustar\0" "00", 8);
  std::memset(g.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : g) sum += c;
  std::snprintf(g.data() + 148, 8, "%06o", sum);
  tar = g + gdata + tar;
  MemoryStream stream(tar);
  std::vector<std::string> paths;
  read_layer_stream(stream, "g", [&](const TarEntry& e, EntryContent* c) {
    paths.push_back(e.path);
    if (e.path == "b.txt") {
      char buf[8];
      CHECK(c->read(buf, 8) == 3);
    }  // a.txt's content is never read
  });
  CHECK(paths == std::vector<std::string>{"a.txt", "b.txt"});
}

TEST_CASE("read_layer: multi-member gzip (as eStargz and pigz write)") {
  const std::string tar = sample_tar();
  const std::string blob = gzip(tar.substr(0, 1000)) + gzip(tar.substr(1000, 3000)) + gzip(tar.substr(4000));
  check_sample(read_all(blob, LayerCheck{std::string(media::kOciLayerGzip), sha256_of(blob), -1, sha256_of(tar), ""}));
}

TEST_CASE("read_layer: bytes after the tar end blocks are hashed into the diff_id") {
  std::string tar = sample_tar() + std::string(4096, '\0') + "trailer";
  check_sample(read_all(gzip(tar), LayerCheck{"", {}, -1, sha256_of(tar), ""}));
  CHECK_THROWS_WITH_AS(read_all(gzip(tar), LayerCheck{"", {}, -1, sha256_of(sample_tar()), ""}),
                       doctest::Contains("diff_id mismatch"), imgslim::Error);
}

TEST_CASE("read_layer: digest mismatches name the blob") {
  const std::string tar = sample_tar();
  const LayerBlob layer = gzip_layer(tar);
  const Digest wrong = sha256_of("something else");
  CHECK_THROWS_WITH_AS(read_all(layer.blob, LayerCheck{layer.media_type, wrong, -1, {}, ""}),
                       doctest::Contains(("layer-under-test: digest mismatch: the blob hashes to " +
                                          sha256_of(layer.blob).str()).c_str()),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(layer.blob, LayerCheck{layer.media_type, sha256_of(layer.blob), -1, wrong, ""}),
                       doctest::Contains("diff_id mismatch"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(layer.blob, LayerCheck{layer.media_type, {}, 12, {}, ""}),
                       doctest::Contains("larger than the 12 bytes"), imgslim::Error);
  // Without checks the same bytes read fine.
  check_sample(read_all(layer.blob));
}

TEST_CASE("read_layer: compression is checked against the media type") {
  const std::string tar = sample_tar();
  CHECK_THROWS_WITH_AS(read_all(zstd(tar), LayerCheck{std::string(media::kOciLayerGzip), {}, -1, {}, ""}),
                       doctest::Contains("promises gzip but the blob is zstd"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(tar, LayerCheck{std::string(media::kDockerLayerGzip), {}, -1, {}, ""}),
                       doctest::Contains("not compressed"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(tar, LayerCheck{"application/vnd.example.layer+lz4", {}, -1, {}, ""}),
                       doctest::Contains("unsupported layer media type"), imgslim::Error);
}

TEST_CASE("read_layer: truncated and corrupt streams are clear errors") {
  const std::string tar = sample_tar();
  const std::string gz = gzip(tar), zs = zstd(tar);
  CHECK_THROWS_WITH_AS(read_all(gz.substr(0, gz.size() / 2)), doctest::Contains("truncated gzip stream"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(gz.substr(0, gz.size() - 4)), doctest::Contains("gzip"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(zs.substr(0, zs.size() / 2)), doctest::Contains("truncated zstd stream"),
                       imgslim::Error);
  std::string bad = gz;
  bad[bad.size() / 2] ^= 0x55;
  bad[bad.size() / 2 + 1] ^= 0x55;
  CHECK_THROWS_WITH_AS(read_all(bad), doctest::Contains("layer-under-test: corrupt gzip stream"), imgslim::Error);
  std::string badz = zs;
  badz[badz.size() / 2] ^= 0x55;
  // zstd frames carry no checksum by default: the digest catches what the decoder may not.
  CHECK_THROWS_AS(read_all(badz, LayerCheck{"", sha256_of(zs), -1, sha256_of(tar), ""}), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(gz + "garbage"), doctest::Contains("unexpected data after gzip member"),
                       imgslim::Error);
  // A tar cut inside a file's content.
  CHECK_THROWS_WITH_AS(read_all(gzip(tar.substr(0, 1600))), doctest::Contains("corrupt layer tar"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all(std::string(2000, 'x')), doctest::Contains("corrupt layer tar"), imgslim::Error);
  CHECK_THROWS_WITH_AS(read_all("\xfd" "7zXZ" + std::string(1, '\0') + "rest"), doctest::Contains("xz-compressed"),
                       imgslim::Error);
}

TEST_CASE("read_layer: an empty blob and an empty tar are empty layers") {
  CHECK(read_all("").entries.empty());
  CHECK(read_all(gzip(std::string(1024, '\0'))).entries.empty());
}

TEST_CASE("read_layer: a visitor's exception propagates unchanged") {
  MemoryStream stream(gzip(sample_tar()));
  CHECK_THROWS_WITH(read_layer_stream(stream, "x", [](const TarEntry&, EntryContent*) {
                      throw std::runtime_error("visitor stop");
                    }),
                    "visitor stop");
}
