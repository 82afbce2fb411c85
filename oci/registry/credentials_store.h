// Registry credentials, looked up as skopeo/podman and docker do:
//   1. --creds USER[:PASS]
//   2. $REGISTRY_AUTH_FILE, then $XDG_RUNTIME_DIR/containers/auth.json
//      ("auths" keyed by host or host/repo, most specific first)
//   3. $DOCKER_CONFIG/config.json or ~/.docker/config.json: "credHelpers"
//      for the host, else "auths" (base64 "auth", or "username"/"password",
//      "identitytoken"), else the "credsStore" helper
// Helpers run as `docker-credential-NAME get` with the host on stdin.
// Credentials never appear in output or error messages; `source` says
// where they came from ("--creds", a file path, "docker-credential-pass").
#pragma once
#include <optional>
#include <string>

namespace imgslim::oci {

struct Credentials {
  std::string username;
  std::string password;
  std::string identity_token;  // OAuth2 refresh token (docker login with a token)
  std::string source;
};

std::optional<Credentials> find_credentials(const std::string& registry, const std::string& repository,
                                            const std::string& creds_option);

// "user:pass" (or "user" alone: empty password). Throws imgslim::Error
// naming --creds (never echoing the value) when empty.
Credentials parse_creds_option(const std::string& creds);

}  // namespace imgslim::oci
