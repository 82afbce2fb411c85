// docker://HOST/REPO[:TAG|@DIGEST] as skopeo and docker name images:
// "busybox" is docker.io/library/busybox:latest, whose API host is
// registry-1.docker.io; a first component with a '.' or ':' (or
// "localhost") is a registry host.
#pragma once
#include <string>

namespace imgslim::oci {

struct RegistryReference {
  std::string registry;  // "docker.io", "127.0.0.1:5000"
  std::string api_host;  // where the API is served: "registry-1.docker.io", "127.0.0.1:5000"
  std::string repository;  // "library/busybox"
  std::string tag;         // "latest" when neither tag nor digest was given
  std::string digest;      // "sha256:..." when given

  // "127.0.0.1:5000/app:1" or "127.0.0.1:5000/app@sha256:..." (both when both were given).
  std::string str() const;
  // Tag or digest, as the manifests/ endpoint takes it.
  std::string reference() const { return digest.empty() ? tag : digest; }
  bool loopback() const;  // localhost, 127.0.0.0/8, [::1]: plain http is tried like docker does
};

// Parses the part after "docker://" (leading "//" accepted). Throws imgslim::Error naming `input`.
RegistryReference parse_registry_reference(const std::string& text, const std::string& input);

}  // namespace imgslim::oci
