// Where the container engine listens, resolved as the docker and podman
// CLIs do:
//   docker: DOCKER_HOST (unix://, tcp://; DOCKER_TLS_VERIFY/DOCKER_CERT_PATH),
//           else DOCKER_CONTEXT or ~/.docker/config.json "currentContext"
//           (~/.docker/contexts/meta/<sha256(name)>/meta.json),
//           else unix:///var/run/docker.sock
//   podman: CONTAINER_HOST, else $XDG_RUNTIME_DIR/podman/podman.sock (rootless),
//           else /run/podman/podman.sock
// DOCKER_CONFIG replaces ~/.docker.
#pragma once
#include <string>

#include "oci/client/docker_config.h"
#include "oci/client/http_client.h"

namespace imgslim::oci {

enum class EngineKind { Docker, Podman };

struct EngineEndpoint {
  EngineKind kind = EngineKind::Docker;
  std::string address;   // as users write it: "unix:///var/run/docker.sock", "tcp://host:2376"
  std::string origin;    // where it came from: "DOCKER_HOST", "context \"remote\"", "default"
  std::string base_url;  // "http://localhost" (unix) or "http(s)://host:port"
  HttpTransport transport;

  std::string engine_name() const { return kind == EngineKind::Docker ? "Docker engine" : "Podman service"; }
};

// Parses a DOCKER_HOST-style address. `origin` names where it came from in
// errors. tls: use https (with the given client cert dir, may be empty).
EngineEndpoint parse_engine_address(const std::string& address, const std::string& origin, bool tls,
                                    bool tls_verify, const std::string& cert_dir);

EngineEndpoint resolve_docker_endpoint();
EngineEndpoint resolve_podman_endpoint();
EngineEndpoint resolve_engine_endpoint(EngineKind kind);

}  // namespace imgslim::oci
