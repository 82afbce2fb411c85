#include "oci/engine/client.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "oci/model/limits.h"
#include "support/error.h"
#include "support/excerpt.h"

namespace imgslim::oci {

namespace {

// Why a unix socket cannot be used, in the words of the OS; "" when it accepts connections.
std::string unix_socket_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISSOCK(st.st_mode)) return "not a socket";
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::strerror(errno);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    ::close(fd);
    return "socket path too long";
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  std::string problem;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int err = errno;
    problem = std::strerror(err);
    if (err == ECONNREFUSED) problem += " (the socket exists but nothing listens on it)";
    if (err == EACCES) problem += " (not allowed to use the socket; are you in its group?)";
  }
  ::close(fd);
  return problem;
}

std::string start_hint(const EngineEndpoint& ep) {
  if (ep.kind == EngineKind::Podman) return "; start it with `podman system service` or `systemctl --user start podman.socket`";
  if (ep.origin == "default") return "; is dockerd running? (or set DOCKER_HOST)";
  return "";
}

}  // namespace

int compare_api_versions(const std::string& a, const std::string& b) {
  auto parse = [](const std::string& v, int& major, int& minor) {
    major = std::atoi(v.c_str());
    auto dot = v.find('.');
    minor = dot == std::string::npos ? 0 : std::atoi(v.c_str() + dot + 1);
  };
  int am, an, bm, bn;
  parse(a, am, an);
  parse(b, bm, bn);
  if (am != bm) return am < bm ? -1 : 1;
  if (an != bn) return an < bn ? -1 : 1;
  return 0;
}

EngineClient::EngineClient(EngineEndpoint endpoint) : endpoint_(std::move(endpoint)) {
  if (!endpoint_.transport.unix_socket.empty()) {
    std::string problem = unix_socket_problem(endpoint_.transport.unix_socket);
    if (!problem.empty()) unreachable(problem);
  }
  std::string ping_version;
  try {
    auto ping = raw_get("/_ping");
    ping->read_all(4096);
    if (ping->status() != 200)
      unreachable("/_ping answered HTTP " + std::to_string(ping->status()) + " (is this a container engine?)");
    ping_version = ping->header("api-version");
  } catch (const HttpTransferError& e) {
    unreachable(e.problem());
  }
  // /version has the authoritative numbers (and the engine's own version).
  std::string body;
  long status = 0;
  {
    auto version = raw_get("/version");
    body = version->read_all(limits::max_json_bytes());
    status = version->status();
  }
  auto doc = nlohmann::json::parse(body, nullptr, false);
  std::string server_api = ping_version;
  std::string min_api = kMinApiVersion;
  if (status == 200 && doc.is_object()) {
    server_api = doc.value("ApiVersion", server_api);
    server_version_ = doc.value("Version", "");
    min_api = doc.value("MinAPIVersion", min_api);
  }
  if (server_api.empty()) unreachable("the engine did not report its API version");
  if (compare_api_versions(server_api, kMinApiVersion) < 0)
    throw Error(endpoint_.address, "engine API " + server_api + " is too old (imgslim needs " + kMinApiVersion + ")");
  api_version_ = compare_api_versions(server_api, kMaxApiVersion) < 0 ? server_api : kMaxApiVersion;
  if (compare_api_versions(api_version_, min_api) < 0) api_version_ = min_api;
}

void EngineClient::unreachable(const std::string& why) const {
  std::string where = endpoint_.address;
  if (endpoint_.origin != "default") where += " (from " + endpoint_.origin + ")";
  throw Error("", "cannot reach the " + endpoint_.engine_name() + " at " + where + ": " + why + start_hint(endpoint_));
}

HttpStreamPtr EngineClient::raw_get(const std::string& path) const {
  HttpRequest req;
  req.url = endpoint_.base_url + path;
  return http_open(endpoint_.transport, req, endpoint_.address);
}

HttpStreamPtr EngineClient::get(const std::string& path) const {
  try {
    return raw_get("/v" + api_version_ + path);
  } catch (const HttpTransferError& e) {
    unreachable(e.problem());
  }
}

std::string EngineClient::get_text(const std::string& path, long& status) const {
  auto res = get(path);
  std::string body = res->read_all(limits::max_json_bytes());
  status = res->status();
  return body;
}

std::string EngineClient::send(const std::string& method, const std::string& path, const std::string& json_body,
                               long& status) const {
  HttpRequest req;
  req.method = method;
  req.url = endpoint_.base_url + "/v" + api_version_ + path;
  req.body = json_body;
  if (!json_body.empty()) req.headers.push_back("Content-Type: application/json");
  try {
    auto res = http_open(endpoint_.transport, req, endpoint_.address);
    std::string body = res->read_all(limits::max_json_bytes());
    status = res->status();
    return body;
  } catch (const HttpTransferError& e) {
    unreachable(e.problem());
  }
}

std::string EngineClient::error_message(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  // The engine's words, quoted short and escaped (support/excerpt.h).
  if (doc.is_object() && doc.contains("message") && doc["message"].is_string())
    return excerpt(doc["message"].get<std::string>());
  std::string text = body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return excerpt(text);
}

}  // namespace imgslim::oci
