// compose-healthcheck-command-missing against real images in the engine:
// imgslim-test/busybox:1 (busybox applets on the PATH: wget, no curl, no node)
// and node:20-slim (node and bash, no curl, no wget; Debian's /bin -> usr/bin).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/compose/compose_test_util.h"

using compose_test::TempDir;

namespace {

nlohmann::json audit_json(const TempDir& dir, const std::string& compose) {
  const std::string file = dir.write("docker-compose.yml", compose);
  auto r = compose_test::run_imgslim({"compose", "-f", file, "--images", "--format", "json"});
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(doc.is_object(), std::string(r.out + r.err));
  return doc;
}

std::vector<nlohmann::json> missing(const nlohmann::json& doc) {
  std::vector<nlohmann::json> out;
  for (const auto& f : doc["findings"])
    if (f["rule"] == "compose-healthcheck-command-missing") out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("compose: health check commands resolved on a busybox image's PATH") {
  TempDir dir("compose-health-command-busybox");
  auto doc = audit_json(dir, R"(services:
  curl:
    image: imgslim-test/busybox:1
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/"]
  shell-wget:
    image: imgslim-test/busybox:1
    healthcheck:
      test: wget -q --spider http://localhost/ || exit 1
  builtin:
    image: imgslim-test/busybox:1
    healthcheck:
      test: ["CMD-SHELL", "[ -f /tmp/ready ]"]
  shell-curl:
    image: imgslim-test/busybox:1
    healthcheck:
      test: ["CMD-SHELL", "FOO=1 exec curl -f http://localhost/"]
  outside-path:
    image: imgslim-test/busybox:1
    healthcheck:
      test: ["CMD", "/opt/tools/probe"]
)");
  auto found = missing(doc);
  REQUIRE(found.size() == 2);
  CHECK(found[0]["service"] == "curl");
  CHECK(found[0]["severity"] == "error");
  const std::string msg = found[0]["message"];
  CHECK(msg.find("the health check runs curl, which image imgslim-test/busybox:1 does not have on its PATH") !=
        std::string::npos);
  CHECK(msg.find("the image has busybox wget") != std::string::npos);
  CHECK(msg.find(R"(use test: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:3000/"])") != std::string::npos);
  CHECK(found[1]["service"] == "shell-curl");
}

TEST_CASE("compose: a curl health check on node:20-slim names node -e, /bin/sh is found through /bin -> usr/bin") {
  TempDir dir("compose-health-command-node");
  auto doc = audit_json(dir, R"(services:
  api:
    image: node:20-slim
    environment:
      PORT: "3001"
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost:3001/health || exit 1"]
  ok:
    image: node:20-slim
    healthcheck:
      test: ["CMD-SHELL", "node -e \"process.exit(0)\""]
)");
  auto found = missing(doc);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["service"] == "api");
  const std::string msg = found[0]["message"];
  CHECK(msg.find("the health check runs curl, which image node:20-slim") != std::string::npos);
  CHECK(msg.find("the image has node -e with fetch, bash's /dev/tcp") != std::string::npos);
  CHECK(msg.find("fetch('http://127.0.0.1:3001/')") != std::string::npos);
}
