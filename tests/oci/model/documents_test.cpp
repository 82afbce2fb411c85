#include <doctest/doctest.h>

#include "oci/model/digest.h"
#include "oci/model/documents.h"
#include "oci/model/image_name.h"
#include "oci/layers/path_clean.h"
#include "oci/model/platform.h"
#include "oci/model/reference.h"
#include "support/error.h"

using namespace imgslim::oci;

TEST_CASE("digest: parse, validate, hash") {
  const Digest d = Digest::parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(d.algorithm == "sha256");
  CHECK(sha256_of("") == d);
  CHECK(sha256_of("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Hasher h;
  h.update("a", 1);
  h.update("bc", 2);
  CHECK(h.finish() == sha256_of("abc"));
  Hasher h512("sha512");
  h512.update("abc", 3);
  CHECK(h512.finish().hex.substr(0, 16) == "ddaf35a193617aba");
  CHECK_THROWS_WITH_AS(Digest::parse("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
                       doctest::Contains("only 0-9 and a-f"), imgslim::Error);
  CHECK_THROWS_WITH_AS(Digest::parse("sha256:abc"), doctest::Contains("must be 64 characters, not 3"), imgslim::Error);
  CHECK_THROWS_WITH_AS(Digest::parse("md5:abc"), doctest::Contains("unsupported digest algorithm"), imgslim::Error);
  CHECK_THROWS_WITH_AS(Digest::parse("nocolon", "diff_id"), doctest::Contains("diff_id \"nocolon\""), imgslim::Error);
}

TEST_CASE("platform: parse, satisfies, host") {
  CHECK(Platform::parse("linux/arm64/v8").str() == "linux/arm64/v8");
  CHECK(Platform::parse("linux/x86_64").str() == "linux/amd64");
  const Platform arm64{"linux", "arm64", "", ""};
  CHECK(arm64.satisfies(Platform::parse("linux/arm64/v8")));
  CHECK(Platform{"linux", "arm64", "v8", ""}.satisfies(Platform::parse("linux/arm64")));
  CHECK_FALSE(Platform{"linux", "arm", "v6", ""}.satisfies(Platform::parse("linux/arm/v7")));
  CHECK(Platform{"linux", "arm", "v7", ""}.satisfies(Platform::parse("linux/arm")));
  CHECK_FALSE(Platform{"windows", "amd64", "", ""}.satisfies(Platform::parse("linux/amd64")));
  CHECK(Platform::host().os == "linux");
  CHECK_FALSE(Platform::host().architecture.empty());
  CHECK_THROWS_AS(Platform::parse("linux//v7"), imgslim::Error);
  CHECK_THROWS_AS(Platform::parse("a/b/c/d"), imgslim::Error);
}

TEST_CASE("documents: manifests, indexes and configs with wrong types are named errors") {
  const std::string digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const std::string config = R"({"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" + digest +
                             R"(","size":2})";
  CHECK(parse_manifest(R"({"schemaVersion":2,"config":)" + config + R"(,"layers":[]})", "m").media_type ==
        "application/vnd.oci.image.manifest.v1+json");
  CHECK_THROWS_WITH_AS(parse_manifest(R"({"schemaVersion":1,"name":"x","fsLayers":[]})", "m"),
                       doctest::Contains("schema 1"), imgslim::Error);
  CHECK_THROWS_WITH_AS(document_kind(R"({"schemaVersion":1,"fsLayers":[]})", "m"), doctest::Contains("schema 1"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_manifest(R"({"schemaVersion":2,"config":)" + config + R"(,"layers":{}})", "m"),
                       doctest::Contains("m: field \"layers\" must be an array, not object"), imgslim::Error);
  CHECK_THROWS_WITH_AS(
      parse_manifest(R"({"schemaVersion":2,"config":{"digest":")" + digest + R"(","size":"2"}})", "m"),
      doctest::Contains("field \"size\" must be an integer, not string"), imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_manifest(R"({"mediaType":"application/vnd.oci.image.index.v1+json","schemaVersion":2})", "m"),
                       doctest::Contains("found an image index"), imgslim::Error);
  CHECK_THROWS_WITH_AS(document_kind(R"({"mediaType":"text/plain"})", "m"),
                       doctest::Contains("unsupported media type \"text/plain\""), imgslim::Error);
  CHECK(document_kind(R"({"schemaVersion":2,"manifests":[]})", "i") == DocumentKind::Index);
  CHECK_THROWS_WITH_AS(parse_index(R"({"schemaVersion":2,"manifests":[{"digest":"sha256:1","size":1}]})", "i"),
                       doctest::Contains("must be 64 characters"), imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_index("[1,2]", "i"), doctest::Contains("expected a JSON object, found array"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_index(std::string(9 << 20, ' '), "i"), doctest::Contains("exceeds the limit"),
                       imgslim::Error);

  const ImageConfig c = parse_config(
      R"({"os":"linux","architecture":"arm64","variant":"v8","rootfs":{"type":"layers","diff_ids":[")" + digest +
          R"("]},"config":{"Cmd":"node server.js","Entrypoint":null,"User":"1000:1000",
           "Healthcheck":{"Test":["NONE"]},"ExposedPorts":{"80/tcp":{},"443/tcp":{}}},
           "history":[{"created_by":"ADD file","empty_layer":false},{"created_by":"CMD","empty_layer":true}]})",
      "c");
  CHECK(c.cmd == std::vector<std::string>{"node server.js"});
  CHECK(c.entrypoint.empty());
  CHECK(c.user == "1000:1000");
  CHECK(c.platform.str() == "linux/arm64/v8");
  CHECK(c.exposed_ports.size() == 2);
  CHECK(c.healthcheck->test == std::vector<std::string>{"NONE"});
  CHECK(c.history[1].empty_layer);
  CHECK_THROWS_WITH_AS(parse_config(R"({"rootfs":{"type":"layers","diff_ids":"x"}})", "c"),
                       doctest::Contains("c: field \"diff_ids\" must be an array, not string"), imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_config(R"({"os":"linux"})", "c"), doctest::Contains("no rootfs"), imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_config(R"({"rootfs":{"type":"layers"},"config":{"Env":[1]}})", "c"),
                       doctest::Contains("\"Env\" must be an array of strings, not number"), imgslim::Error);
}

TEST_CASE("paths and names") {
  CHECK(clean_path("./usr//lib/") == "usr/lib");
  CHECK(clean_path("/a/../b") == "b");
  CHECK(clean_path("../../etc/passwd") == "etc/passwd");
  CHECK(clean_path("./") == "");
  CHECK(clean_path("a/./b/.") == "a/b");
  CHECK(normalize_image_name("node") == "docker.io/library/node:latest");
  CHECK(normalize_image_name("node:20") == "docker.io/library/node:20");
  CHECK(normalize_image_name("library/node:20") == "docker.io/library/node:20");
  CHECK(normalize_image_name("index.docker.io/library/node:20") == "docker.io/library/node:20");
  CHECK(normalize_image_name("ghcr.io/a/b:1") == "ghcr.io/a/b:1");
  CHECK(normalize_image_name("localhost:5000/x") == "localhost:5000/x:latest");
  CHECK(normalize_image_name("me/app@sha256:ab") == "docker.io/me/app@sha256:ab");
}

TEST_CASE("references: transports, tags, bare names") {
  auto r = parse_reference("oci:/some/dir:v1");
  CHECK(r.transport == Transport::OciLayout);
  CHECK(r.location == "/some/dir");
  CHECK(r.image == "v1");
  r = parse_reference("docker-archive:/x/save.tar:api:1.0");
  CHECK(r.transport == Transport::DockerArchive);
  CHECK(r.location == "/x/save.tar");
  CHECK(r.image == "api:1.0");
  r = parse_reference("oci-archive:out.tar");
  CHECK(r.transport == Transport::OciArchive);
  CHECK(r.image.empty());
  CHECK(parse_reference("docker-daemon:node:20").transport == Transport::DockerDaemon);
  CHECK(parse_reference("docker-daemon:node:20").location == "node:20");
  CHECK(parse_reference("podman:app").transport == Transport::Podman);
  CHECK(parse_reference("docker://registry:5000/app:1").location == "registry:5000/app:1");
  CHECK(parse_reference("node:20-alpine").transport == Transport::EngineName);
  CHECK(parse_reference("/").transport == Transport::LocalPath);
  CHECK_THROWS_WITH_AS(parse_reference("./missing.tar"), doctest::Contains("no such file or directory"),
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(parse_reference("dir:/x"), doctest::Contains("transport is not read by imgslim"),
                       imgslim::Error);
  CHECK_THROWS_AS(parse_reference("oci:"), imgslim::Error);
  CHECK_THROWS_AS(parse_reference(""), imgslim::Error);
}
