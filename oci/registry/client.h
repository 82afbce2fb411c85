// A client of one repository on a registry (distribution API v2): finds the
// scheme (https; plain http only with --tls-verify=false or on loopback, as
// docker does), authenticates (anonymous, Basic, Bearer token flow with
// WWW-Authenticate, OAuth2 refresh tokens) and issues GETs, re-authenticating
// once on 401. Thread-safe: layer downloads share it.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "oci/registry/auth_challenge.h"
#include "oci/registry/credentials_store.h"
#include "oci/client/http_client.h"
#include "oci/registry/reference.h"

namespace imgslim::oci {

class RegistryClient {
 public:
  // Pings /v2/; throws imgslim::Error naming the registry when unreachable.
  RegistryClient(RegistryReference ref, bool tls_verify, const std::string& creds_option);

  const RegistryReference& ref() const { return ref_; }
  const std::string& base_url() const { return base_url_; }

  // GET /v2/<repository>/<path> with `headers`; 401 answers are retried once
  // with fresh authorization. Any other status is returned to the caller.
  HttpStreamPtr get(const std::string& path, const std::vector<std::string>& headers = {},
                    std::uint64_t range_from = 0);

  // The registry's error as one line: "HTTP 404 MANIFEST_UNKNOWN: manifest unknown".
  static std::string describe_error(long status, const std::string& body);
  // Throws the error for an unexpected status of a request about `what`.
  [[noreturn]] void fail(const std::string& what, HttpStream& response);

 private:
  HttpStreamPtr send(const std::string& url, const std::vector<std::string>& headers, std::uint64_t range_from);
  void authenticate(const std::vector<AuthChallenge>& challenges);
  std::string fetch_token(const AuthChallenge& bearer);
  std::string scope() const { return "repository:" + ref_.repository + ":pull"; }

  RegistryReference ref_;
  HttpTransport transport_;
  std::string base_url_;
  std::optional<Credentials> creds_;
  std::mutex mutex_;
  std::string authorization_;  // "Authorization: ..." header, or ""
  std::vector<AuthChallenge> last_challenges_;
};

}  // namespace imgslim::oci
