// The Bearer token flow against the real registry on :5002, whose token
// service (:5003, scripts/services/20-registry-token-server.py) signs JWTs
// the registry verifies: anonymous tokens for live/public*, user tokens for
// the rest.
#include <doctest/doctest.h>

#include "tests/oci/live_env.h"
#include "oci/registry/registry_image.h"

using namespace imgslim::oci;

namespace {
const std::string kCreds = "imgslim-user:imgslim-pass";

void push(const std::string& repo) {
  const std::string source = "imgslim-test/live-bearer:1";
  live::build_sample_image(source);
  live::sh_ok("skopeo copy -q --dest-tls-verify=false --dest-creds " + kCreds + " docker-daemon:" + source +
              " docker://127.0.0.1:5002/" + repo);
}
}  // namespace

TEST_CASE("registry bearer: anonymous token for a public repository, user token for a private one") {
  REQUIRE(live::registry_up(5002));
  push("live/public-bearer:1");
  push("live/private-bearer:1");
  auto pub = open_registry_image("x", "127.0.0.1:5002/live/public-bearer:1", {});
  CHECK(live::stream_all(*pub, 2).size() == pub->layer_count());

  OpenOptions opts;
  opts.creds = kCreds;
  auto priv = open_registry_image("x", "127.0.0.1:5002/live/private-bearer:1", opts);
  CHECK(live::stream_all(*priv, 2).size() == priv->layer_count());
  CHECK(priv->digest() == pub->digest());
}

TEST_CASE("registry bearer: no credentials and wrong credentials are clear errors") {
  REQUIRE(live::registry_up(5002));
  push("live/private-bearer:1");
  std::string msg = live::error_of([] { open_registry_image("x", "127.0.0.1:5002/live/private-bearer:1", {}); });
  CHECK(msg ==
        "127.0.0.1:5002/live/private-bearer: authentication required (HTTP 401 UNAUTHORIZED: authentication "
        "required); pass --creds USER:PASSWORD or log in");
  OpenOptions opts;
  opts.creds = "imgslim-user:N0tThePassword";
  msg = live::error_of([&] { open_registry_image("x", "127.0.0.1:5002/live/private-bearer:1", opts); });
  CHECK(msg ==
        "127.0.0.1:5002/live/private-bearer: the token service 127.0.0.1:5003 rejected the credentials from --creds "
        "(HTTP 401 UNAUTHORIZED: invalid username or password)");
  CHECK(msg.find("N0tThePassword") == std::string::npos);
}
