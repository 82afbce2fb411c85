// oci/client/ — what the engine and registry clients share: the libcurl HTTP client and the Docker
// client's config directory.
// May include: oci/byte_stream.h, support/.
//
// HTTP over libcurl for the live sources (Docker Engine API, registries):
// unix sockets, tcp, TLS with the system CAs (verification off only when
// asked). Bodies are pulled as oci::ByteStream through a bounded buffer, so
// a multi-gigabyte blob never sits in memory; small JSON bodies can be
// fetched whole, up to a limit.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "oci/byte_stream.h"
#include "support/error.h"

namespace imgslim::oci {

// How to reach a server, shared by every request to it.
struct HttpTransport {
  std::string unix_socket;  // non-empty: connect to this socket (URL host is ignored)
  bool tls_verify = true;   // false: accept any certificate (only when the user asked)
  std::string ca_file, cert_file, key_file;  // client TLS (Docker's DOCKER_CERT_PATH)
  long connect_timeout_s = 30;
  // Abort when fewer than 1 byte/s arrives for this long (0: never; the engine
  // may think for minutes before the first byte of an export).
  long stall_timeout_s = 0;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;                   // http(s)://host[:port]/path?query (no userinfo)
  std::vector<std::string> headers;  // "Name: value"
  std::uint64_t range_from = 0;      // > 0: "Range: bytes=N-"
  std::string body;                  // request body (POST), sent as is
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;  // names lower-cased

// A response whose status and headers are known and whose body is pulled.
class HttpStream : public ByteStream {
 public:
  virtual long status() const = 0;
  virtual const HttpHeaders& headers() const = 0;
  // First header with this (lower-case) name, or "".
  std::string header(const std::string& name) const;
  // Reads the rest of the body (at most `limit` bytes, else throws).
  std::string read_all(std::uint64_t limit);
};

using HttpStreamPtr = std::unique_ptr<HttpStream>;

// A transport-level failure (connection refused, reset, timeout, TLS): the
// request may be retried. `input` names the server (never credentials).
class HttpTransferError : public Error {
 public:
  HttpTransferError(std::string input, std::string problem, int curl_code, bool tls)
      : Error(std::move(input), std::move(problem)), curl_code_(curl_code), tls_(tls) {}
  int curl_code() const { return curl_code_; }
  bool tls_failure() const { return tls_; }  // handshake/certificate problem

 private:
  int curl_code_;
  bool tls_;
};

// Sends the request and waits for the response headers. `server` names the
// server in errors (e.g. "unix:///var/run/docker.sock" or "registry.example:5000").
// Throws HttpTransferError when no response arrives.
HttpStreamPtr http_open(const HttpTransport& transport, const HttpRequest& request, const std::string& server);

// The URL without query string and userinfo, for error messages.
std::string url_for_errors(const std::string& url);

// Percent-encodes one query value or path segment.
std::string url_encode(const std::string& text);

}  // namespace imgslim::oci
