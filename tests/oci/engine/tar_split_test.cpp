// tar-split lines as Docker's layer store writes them (Go's encoding/json:
// []byte as base64, <, > and & escaped, names that are not UTF-8 in name_raw).
#include <doctest/doctest.h>

#include "oci/engine/tar_split.h"
#include "support/error.h"

using namespace imgslim::oci;

TEST_CASE("tar split: a segment's payload is decoded from base64") {
  auto e = parse_tar_split_line(R"({"type":2,"payload":"aGVsbG8gd29ybGQ=","position":0})", "t");
  CHECK(e.type == TarSplitEntry::Segment);
  CHECK(e.payload == "hello world");
  CHECK(parse_tar_split_line(R"({"type":2,"payload":"YWI=","position":3})", "t").payload == "ab");
  CHECK(parse_tar_split_line(R"({"type":2,"payload":"YWJj","position":3})", "t").payload == "abc");
  CHECK(parse_tar_split_line(R"({"type":2,"payload":"","position":3})", "t").payload.empty());
}

TEST_CASE("tar split: a file entry's name with JSON escapes, and a raw name") {
  auto e = parse_tar_split_line(
      R"({"type":1,"name":"app/a\u0026b \u003cc\u003e \"q\" \u00e9\ud83d\ude00.txt","size":12,"payload":"AAAAAAAAAAA=","position":5})",
      "t");
  CHECK(e.type == TarSplitEntry::File);
  CHECK(e.name == "app/a&b <c> \"q\" \xc3\xa9\xf0\x9f\x98\x80.txt");
  CHECK(e.size == 12);
  CHECK(e.payload.empty());  // a file's payload is its CRC-64, not kept
  auto raw = parse_tar_split_line(R"({"type":1,"name_raw":"bGF0aW7pLnR4dA==","size":1,"payload":null,"position":7})", "t");
  CHECK(raw.name == "latin\xe9.txt");
  auto dir = parse_tar_split_line(R"({"type":1,"name":"etc/","payload":null,"position":1})", "t");
  CHECK(dir.size == 0);
}

TEST_CASE("tar split: lines that are not tar-split records are one clear error") {
  for (const char* bad : {R"({"type":3,"payload":null,"position":0})", R"({"type":2,"payload":"abc","position":0})",
                          R"({"type":1,"name":"x","size":-1,"position":0})", R"({"type":1,"name":"x)",
                          R"({"type":1,"color":"red"})", R"([1,2])", R"({"type":2,"payload":"YQ=="} trailing)"}) {
    CAPTURE(bad);
    std::string msg;
    try {
      parse_tar_split_line(bad, "layer.tar-split");
    } catch (const imgslim::Error& e) {
      msg = e.what();
    }
    CHECK(msg.rfind("layer.tar-split: ", 0) == 0);
  }
}
