#include "oci/engine/endpoint.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "oci/model/digest.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Reads a small JSON file; nullopt-like null json when it does not exist.
nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw Error(path, "not a JSON object");
  return doc;
}

EngineEndpoint from_context(const std::string& context) {
  std::string dir = docker_config_dir() + "/contexts";
  std::string id = sha256_of(context).hex;
  std::string meta_path = dir + "/meta/" + id + "/meta.json";
  auto meta = read_json_file(meta_path);
  std::string origin = "context \"" + context + "\"";
  if (meta.is_null()) throw Error(origin, "no such Docker context (" + meta_path + " does not exist)");
  const auto* ep = &meta;
  for (const char* key : {"Endpoints", "docker"}) {
    if (!ep->contains(key) || !(*ep)[key].is_object())
      throw Error(meta_path, std::string("context has no docker endpoint (missing \"") + key + "\")");
    ep = &(*ep)[key];
  }
  std::string host = ep->value("Host", "");
  if (host.empty()) throw Error(meta_path, "context's docker endpoint has no Host");
  bool skip_verify = ep->value("SkipTLSVerify", false);
  std::string tls_dir = dir + "/tls/" + id + "/docker";
  bool has_tls = exists(tls_dir + "/ca.pem") || exists(tls_dir + "/cert.pem");
  return parse_engine_address(host, origin, has_tls, !skip_verify, has_tls ? tls_dir : "");
}

}  // namespace

EngineEndpoint parse_engine_address(const std::string& address, const std::string& origin, bool tls,
                                    bool tls_verify, const std::string& cert_dir) {
  EngineEndpoint ep;
  ep.address = address;
  ep.origin = origin;
  if (address.rfind("unix://", 0) == 0) {
    std::string path = address.substr(7);
    if (path.empty() || path[0] != '/') throw Error(origin, "unix socket address needs an absolute path: " + address);
    ep.transport.unix_socket = path;
    ep.base_url = "http://localhost";
    return ep;
  }
  if (address.rfind("tcp://", 0) == 0 || address.rfind("http://", 0) == 0 || address.rfind("https://", 0) == 0) {
    std::string rest = address.substr(address.find("://") + 3);
    if (address.rfind("https://", 0) == 0) tls = true;
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.empty()) throw Error(origin, "tcp address has no host: " + address);
    std::string hostport = rest.substr(0, rest.find('/'));
    std::string path = rest.size() > hostport.size() ? rest.substr(hostport.size()) : "";
    bool has_port = hostport.find(':') != std::string::npos && hostport.back() != ']';
    if (!has_port) hostport += tls ? ":2376" : ":2375";
    ep.base_url = std::string(tls ? "https://" : "http://") + hostport + path;
    ep.transport.tls_verify = tls_verify;
    if (tls && !cert_dir.empty()) {
      if (exists(cert_dir + "/ca.pem")) ep.transport.ca_file = cert_dir + "/ca.pem";
      if (exists(cert_dir + "/cert.pem")) ep.transport.cert_file = cert_dir + "/cert.pem";
      if (exists(cert_dir + "/key.pem")) ep.transport.key_file = cert_dir + "/key.pem";
    }
    return ep;
  }
  if (address.rfind("ssh://", 0) == 0)
    throw Error(origin, "ssh:// engines are not reachable from imgslim directly (" + address +
                            "); forward the socket (ssh -L /tmp/docker.sock:/var/run/docker.sock HOST) "
                            "and set DOCKER_HOST=unix:///tmp/docker.sock");
  throw Error(origin, "unsupported engine address \"" + address + "\" (expected unix:///PATH or tcp://HOST:PORT)");
}

EngineEndpoint resolve_docker_endpoint() {
  std::string host = env("DOCKER_HOST");
  if (!host.empty()) {
    std::string verify = env("DOCKER_TLS_VERIFY");
    bool tls = !verify.empty() || !env("DOCKER_TLS").empty();
    std::string cert_dir = env("DOCKER_CERT_PATH");
    if (cert_dir.empty() && tls) cert_dir = docker_config_dir();
    return parse_engine_address(host, "DOCKER_HOST", tls, !verify.empty(), cert_dir);
  }
  std::string context = env("DOCKER_CONTEXT");
  if (context.empty()) {
    auto config = read_json_file(docker_config_dir() + "/config.json");
    if (config.is_object() && config.contains("currentContext") && config["currentContext"].is_string())
      context = config["currentContext"].get<std::string>();
  }
  if (!context.empty() && context != "default") return from_context(context);
  return parse_engine_address("unix:///var/run/docker.sock", "default", false, true, "");
}

EngineEndpoint resolve_podman_endpoint() {
  EngineEndpoint ep;
  std::string host = env("CONTAINER_HOST");
  if (!host.empty()) {
    ep = parse_engine_address(host, "CONTAINER_HOST", false, true, "");
  } else {
    std::string runtime = env("XDG_RUNTIME_DIR");
    std::string rootless = runtime.empty() ? "" : runtime + "/podman/podman.sock";
    std::string rootful = "/run/podman/podman.sock";
    std::string chosen;
    if (!rootless.empty() && exists(rootless)) chosen = rootless;
    else if (exists(rootful)) chosen = rootful;
    else chosen = (::geteuid() == 0 || rootless.empty()) ? rootful : rootless;
    ep = parse_engine_address("unix://" + chosen, "default", false, true, "");
  }
  ep.kind = EngineKind::Podman;
  return ep;
}

EngineEndpoint resolve_engine_endpoint(EngineKind kind) {
  return kind == EngineKind::Docker ? resolve_docker_endpoint() : resolve_podman_endpoint();
}

}  // namespace imgslim::oci
