#include "oci/registry/client.h"

#include <curl/curl.h>
#include <cctype>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "oci/model/limits.h"
#include "support/error.h"
#include "support/excerpt.h"

namespace imgslim::oci {

namespace {

std::string base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

std::string form_value(const std::string& s) { return url_encode(s); }

}  // namespace

std::string RegistryClient::describe_error(long status, const std::string& body) {
  std::string out = "HTTP " + std::to_string(status);
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array() && !doc["errors"].empty()) {
    const auto& e = doc["errors"][0];
    if (e.is_object()) {
      // The registry's words, quoted short and escaped (support/excerpt.h).
      if (e.contains("code") && e["code"].is_string()) out += " " + excerpt(e["code"].get<std::string>(), 40);
      if (e.contains("message") && e["message"].is_string()) out += ": " + excerpt(e["message"].get<std::string>());
    }
  }
  return out;
}

RegistryClient::RegistryClient(RegistryReference ref, bool tls_verify, const std::string& creds_option)
    : ref_(std::move(ref)) {
  transport_.tls_verify = tls_verify;
  transport_.stall_timeout_s = 60;
  creds_ = find_credentials(ref_.registry, ref_.repository, creds_option);

  HttpStreamPtr ping;
  base_url_ = "https://" + ref_.api_host;
  try {
    ping = send(base_url_ + "/v2/", {}, 0);
  } catch (const HttpTransferError& e) {
    // Plain http: when asked (--tls-verify=false), or on loopback when the
    // port does not speak TLS at all (docker's rule); an untrusted
    // certificate is never silently bypassed.
    bool cert_problem = e.curl_code() == CURLE_PEER_FAILED_VERIFICATION;
    bool may_use_http = !tls_verify || (ref_.loopback() && !cert_problem);
    if (!may_use_http) {
      if (e.tls_failure())
        throw Error(ref_.registry, "TLS with the registry failed: " + e.problem() +
                                       " (for a registry with a self-signed certificate or plain http, "
                                       "pass --tls-verify=false)");
      throw Error(ref_.registry, "cannot reach the registry: " + e.problem());
    }
    base_url_ = "http://" + ref_.api_host;
    try {
      ping = send(base_url_ + "/v2/", {}, 0);
    } catch (const HttpTransferError& e2) {
      throw Error(ref_.registry, "cannot reach the registry over https (" + e.problem() + ") or http (" +
                                     e2.problem() + ")");
    }
  }
  std::string body = ping->read_all(limits::max_json_bytes());
  long status = ping->status();
  if (status == 401) {
    auto challenges = parse_auth_challenges(ping->header("www-authenticate"));
    bool bearer = false;
    for (const auto& c : challenges) bearer |= c.scheme == "bearer";
    if (creds_ || bearer) authenticate(challenges);
    last_challenges_ = challenges;
  } else if (status == 404) {
    throw Error(ref_.registry, "not a registry: " + base_url_ + "/v2/ answered HTTP 404");
  } else if (status != 200) {
    throw Error(ref_.registry, "the registry's /v2/ answered " + describe_error(status, body));
  }
}

HttpStreamPtr RegistryClient::send(const std::string& url, const std::vector<std::string>& headers,
                                   std::uint64_t range_from) {
  HttpRequest req;
  req.url = url;
  req.headers = headers;
  req.range_from = range_from;
  {
    std::lock_guard lock(mutex_);
    if (!authorization_.empty()) req.headers.push_back(authorization_);
  }
  return http_open(transport_, req, ref_.registry);
}

HttpStreamPtr RegistryClient::get(const std::string& path, const std::vector<std::string>& headers,
                                  std::uint64_t range_from) {
  std::string url = base_url_ + "/v2/" + ref_.repository + "/" + path;
  auto res = send(url, headers, range_from);
  if (res->status() != 401) return res;
  auto challenges = parse_auth_challenges(res->header("www-authenticate"));
  std::string body = res->read_all(limits::max_json_bytes());
  {
    std::lock_guard lock(mutex_);
    authenticate(challenges.empty() ? last_challenges_ : challenges);
  }
  res = send(url, headers, range_from);
  if (res->status() != 401) return res;
  body = res->read_all(limits::max_json_bytes());
  std::string who = ref_.registry + "/" + ref_.repository;
  if (!creds_)
    throw Error(who, "authentication required (" + describe_error(401, body) +
                         "); pass --creds USER:PASSWORD or log in");
  throw Error(who, "access denied with the credentials from " + creds_->source + " (" + describe_error(401, body) + ")");
}

void RegistryClient::authenticate(const std::vector<AuthChallenge>& challenges) {
  const AuthChallenge* bearer = nullptr;
  const AuthChallenge* basic = nullptr;
  for (const auto& c : challenges) {
    if (c.scheme == "bearer" && !bearer) bearer = &c;
    if (c.scheme == "basic" && !basic) basic = &c;
  }
  std::string who = ref_.registry + "/" + ref_.repository;
  if (bearer) {
    authorization_ = "Authorization: Bearer " + fetch_token(*bearer);
    return;
  }
  if (!basic) throw Error(who, "the registry asks for an authentication scheme imgslim does not speak (HTTP 401)");
  if (!creds_ || creds_->username.empty())
    throw Error(who, "authentication required (HTTP 401); pass --creds USER:PASSWORD or log in with "
                     "`docker login " + ref_.registry + "` / `skopeo login " + ref_.registry + "`");
  authorization_ = "Authorization: Basic " + base64(creds_->username + ":" + creds_->password);
}

std::string RegistryClient::fetch_token(const AuthChallenge& bearer) {
  std::string realm = bearer.param("realm");
  std::string who = ref_.registry + "/" + ref_.repository;
  if (realm.empty()) throw Error(who, "the registry's Bearer challenge has no realm");
  // The realm is the registry's word: only an http(s) URL is fetched, and
  // credentials never go in clear to it from a registry reached over https.
  const auto sep = realm.find("://");
  std::string realm_scheme = sep == std::string::npos ? "" : realm.substr(0, sep);
  for (auto& c : realm_scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (realm_scheme != "http" && realm_scheme != "https")
    throw Error(who, "the registry's Bearer realm \"" + excerpt(url_for_errors(realm), 100) +
                         "\" is not an http(s) URL; refusing to fetch a token from it");
  if (realm_scheme == "http" && base_url_.rfind("https://", 0) == 0 && creds_)
    throw Error(who, "the registry's Bearer realm \"" + excerpt(url_for_errors(realm), 100) +
                         "\" is plain http while the registry speaks https; refusing to send credentials in clear");
  std::string service = bearer.param("service");
  std::string wanted = bearer.param("scope").empty() ? scope() : bearer.param("scope");
  HttpRequest req;
  if (creds_ && !creds_->identity_token.empty()) {
    req.method = "POST";
    req.url = realm;
    req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    req.body = "grant_type=refresh_token&client_id=imgslim&refresh_token=" + form_value(creds_->identity_token) +
               "&service=" + form_value(service) + "&scope=" + form_value(wanted);
  } else {
    req.url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + "service=" + form_value(service) +
              "&scope=" + form_value(wanted);
    if (creds_ && !creds_->username.empty())
      req.headers.push_back("Authorization: Basic " + base64(creds_->username + ":" + creds_->password));
  }
  HttpStreamPtr res;
  std::string token_host = host_of(realm);
  try {
    res = http_open(transport_, req, "token service " + token_host);
  } catch (const HttpTransferError& e) {
    throw Error(who, "cannot reach the token service " + token_host + ": " + e.problem());
  }
  std::string body = res->read_all(limits::max_json_bytes());
  if (res->status() == 401 || res->status() == 403) {
    if (creds_)
      throw Error(who, "the token service " + token_host + " rejected the credentials from " + creds_->source + " (" +
                           describe_error(res->status(), body) + ")");
    throw Error(who, "authentication required (the token service " + token_host +
                         " refused anonymous access); pass --creds USER:PASSWORD or log in");
  }
  if (res->status() != 200)
    throw Error(who, "the token service " + token_host + " answered " + describe_error(res->status(), body));
  auto doc = nlohmann::json::parse(body, nullptr, false);
  std::string token;
  if (doc.is_object()) {
    if (doc.contains("token") && doc["token"].is_string()) token = doc["token"];
    if (token.empty() && doc.contains("access_token") && doc["access_token"].is_string()) token = doc["access_token"];
  }
  if (token.empty()) throw Error(who, "the token service " + token_host + " sent no token");
  return token;
}

void RegistryClient::fail(const std::string& what, HttpStream& response) {
  std::string body;
  try {
    body = response.read_all(limits::max_json_bytes());
  } catch (const Error&) {
  }
  throw Error(what, describe_error(response.status(), body));
}

}  // namespace imgslim::oci
