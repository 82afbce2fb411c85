// WWW-Authenticate challenges (RFC 7235) as registries send them:
//   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"
//   Basic realm="Registry Realm"
#pragma once
#include <map>
#include <string>
#include <vector>

namespace imgslim::oci {

struct AuthChallenge {
  std::string scheme;                         // lower-case: "bearer", "basic"
  std::map<std::string, std::string> params;  // lower-case names, unquoted values

  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};

// Every challenge in one header value (a header may carry several).
std::vector<AuthChallenge> parse_auth_challenges(const std::string& header);

}  // namespace imgslim::oci
