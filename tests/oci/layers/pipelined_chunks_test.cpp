// The pipelined stage on its own (order, errors after the chunks made before
// them, a consumer leaving early), and whole layers read with and without it.
#include <doctest/doctest.h>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <string>

#include "oci/layers/layer_reader.h"
#include "oci/layers/pipelined_chunks.h"
#include "support/error.h"
#include "tests/oci/test_images.h"

using namespace imgslim::oci;
using namespace imgslim::oci::test;

namespace {

// Chunk k holds k+1 bytes of value k; after `count` chunks it ends, or throws.
class CountingChunks final : public ChunkSource {
 public:
  CountingChunks(int count, bool fail) : count_(count), fail_(fail) {}
  bool next(const unsigned char*& data, std::size_t& n) override {
    if (made_ == count_) {
      if (fail_) throw std::runtime_error("inner source failed after " + std::to_string(made_) + " chunks");
      return false;
    }
    buf_.assign(std::size_t(made_ + 1), static_cast<unsigned char>(made_));
    ++made_;
    data = buf_.data();
    n = buf_.size();
    return true;
  }
  std::atomic<int> made_{0};

 private:
  int count_;
  bool fail_;
  std::vector<unsigned char> buf_;
};

class StringStream final : public ByteStream {
 public:
  explicit StringStream(std::string data) : data_(std::move(data)) {}
  std::size_t read(void* buf, std::size_t n) override {
    n = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

std::string error_of_read(const std::string& blob, bool pipeline) {
  StringStream s(blob);
  LayerCheck check;
  check.pipeline = pipeline;
  try {
    read_layer_stream(s, "layer-under-test", check, [](const TarEntry&, EntryContent* c) {
      char buf[4096];
      if (c)
        while (c->read(buf, sizeof buf)) {
        }
    });
  } catch (const imgslim::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pipelined chunks: every chunk in order with its progress, then the end") {
  CountingChunks inner(300, false);
  int progress = 0;
  PipelinedChunks piped(inner, [&] { return std::uint64_t(++progress); }, 3);
  const unsigned char* data = nullptr;
  std::size_t n = 0;
  for (int k = 0; k < 300; ++k) {
    REQUIRE(piped.next(data, n));
    REQUIRE(n == std::size_t(k + 1));
    CHECK(data[0] == static_cast<unsigned char>(k));
    CHECK(data[n - 1] == static_cast<unsigned char>(k));
    CHECK(piped.progress() == std::uint64_t(k + 1));
  }
  CHECK_FALSE(piped.next(data, n));
  CHECK_FALSE(piped.next(data, n));
}

TEST_CASE("pipelined chunks: the inner source's error comes after the chunks made before it") {
  CountingChunks inner(5, true);
  PipelinedChunks piped(inner, {}, 2);
  const unsigned char* data = nullptr;
  std::size_t n = 0;
  for (int k = 0; k < 5; ++k) REQUIRE(piped.next(data, n));
  CHECK_THROWS_WITH_AS(piped.next(data, n), "inner source failed after 5 chunks", std::runtime_error);
}

TEST_CASE("pipelined chunks: a consumer that leaves early stops the producer at the queue's depth") {
  CountingChunks inner(1000000, false);
  {
    PipelinedChunks piped(inner, {}, 4);
    const unsigned char* data = nullptr;
    std::size_t n = 0;
    REQUIRE(piped.next(data, n));
  }
  // One handed out, four queued, one made while the queue was full.
  CHECK(inner.made_ <= 6);
}

TEST_CASE("pipelined chunks: gzip and zstd layers read the same with and without the pipeline, errors included") {
  TarBuilder b;
  b.dir("app");
  for (int i = 0; i < 400; ++i) b.file("app/f" + std::to_string(i) + ".js", std::string(5000 + i, char('a' + i % 26)));
  const std::string tar = b.finish();
  for (const std::string& blob : {gzip(tar), zstd(tar)}) {
    for (bool pipeline : {true, false}) {
      StringStream s(blob);
      LayerCheck check;
      check.pipeline = pipeline;
      check.diff_id = sha256_of(tar);
      std::size_t files = 0;
      std::uint64_t bytes = 0;
      auto stats = read_layer_stream(s, "layer-under-test", check, [&](const TarEntry& e, EntryContent* c) {
        char buf[4096];
        if (c) {
          ++files;
          while (std::size_t n = c->read(buf, sizeof buf)) bytes += n;
        }
        (void)e;
      });
      CHECK(files == 400);
      CHECK(stats.tar_bytes == tar.size());
      CHECK(stats.compressed_bytes == blob.size());
      CHECK(bytes == 400u * 5000u + 399u * 400u / 2u);
    }
    // Cut short and corrupted: the same error line either way.
    const std::string cut = blob.substr(0, blob.size() / 2);
    CHECK(!error_of_read(cut, true).empty());
    CHECK(error_of_read(cut, true) == error_of_read(cut, false));
    std::string flipped = blob;
    flipped[flipped.size() / 3] = char(flipped[flipped.size() / 3] ^ 0x55);
    CHECK(!error_of_read(flipped, true).empty());
    CHECK(error_of_read(flipped, true) == error_of_read(flipped, false));
  }
}
