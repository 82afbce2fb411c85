// A client of the Docker Engine API (also served by Podman's
// Docker-compatible service): connects, negotiates the API version
// (/_ping, /version) and issues versioned requests (GET for reading
// images; POST/DELETE for the containers, networks and volumes that
// `compose --measure` creates).
#pragma once
#include <cstdint>
#include <string>

#include "oci/engine/endpoint.h"
#include "oci/client/http_client.h"

namespace imgslim::oci {

class EngineClient {
 public:
  // Oldest and newest API versions imgslim speaks (images/get and
  // images/{name}/json are stable across this range).
  static constexpr const char* kMinApiVersion = "1.24";
  static constexpr const char* kMaxApiVersion = "1.45";

  // Pings the engine and negotiates the version; throws imgslim::Error naming
  // the engine address and why it cannot be reached.
  explicit EngineClient(EngineEndpoint endpoint);

  const EngineEndpoint& endpoint() const { return endpoint_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& server_version() const { return server_version_; }

  // GET /v<api>/<path> (path starts with '/'); the response, any status.
  HttpStreamPtr get(const std::string& path) const;
  // GET returning a small body (JSON documents), any status.
  std::string get_text(const std::string& path, long& status) const;
  // POST/DELETE/PUT to /v<api>/<path> with a JSON body (may be empty); the
  // small response body, any status (in `status`).
  std::string send(const std::string& method, const std::string& path, const std::string& json_body,
                   long& status) const;

  // The engine's error message from a JSON error body ({"message": ...}).
  static std::string error_message(const std::string& body);

 private:
  HttpStreamPtr raw_get(const std::string& path) const;
  [[noreturn]] void unreachable(const std::string& why) const;

  EngineEndpoint endpoint_;
  std::string api_version_;
  std::string server_version_;
};

// "1.41" < "1.45"
int compare_api_versions(const std::string& a, const std::string& b);

}  // namespace imgslim::oci
