#include "oci/registry/credentials_store.h"

#include <openssl/evp.h>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "oci/client/docker_config.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

using nlohmann::json;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw Error(path, "not a JSON object (credentials file)");
  return doc;
}

std::string base64_decode(const std::string& in, const std::string& where) {
  std::string clean;
  for (char c : in)
    if (c != '\n' && c != '\r' && c != ' ') clean += c;
  if (clean.size() % 4 != 0) throw Error(where, "an \"auth\" entry is not valid base64");
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) throw Error(where, "an \"auth\" entry is not valid base64");
  std::size_t pad = 0;
  if (!clean.empty() && clean.back() == '=') ++pad;
  if (clean.size() > 1 && clean[clean.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

// "https://index.docker.io/v1/" -> "index.docker.io"; "host/repo" kept.
std::string normalize_key(std::string key) {
  if (auto p = key.find("://"); p != std::string::npos) {
    key.erase(0, p + 3);
    key = key.substr(0, key.find('/'));  // docker keys with a scheme carry a path like /v1/
  }
  while (!key.empty() && key.back() == '/') key.pop_back();
  return key;
}

std::vector<std::string> host_aliases(const std::string& registry) {
  if (registry == "docker.io") return {"docker.io", "index.docker.io", "registry-1.docker.io"};
  return {registry};
}

std::optional<Credentials> from_auth_entry(const json& entry, const std::string& source) {
  if (!entry.is_object()) return std::nullopt;
  Credentials c;
  c.source = source;
  if (entry.contains("auth") && entry["auth"].is_string() && !entry["auth"].get<std::string>().empty()) {
    std::string decoded = base64_decode(entry["auth"].get<std::string>(), source);
    auto colon = decoded.find(':');
    if (colon == std::string::npos) throw Error(source, "an \"auth\" entry does not decode to user:password");
    c.username = decoded.substr(0, colon);
    c.password = decoded.substr(colon + 1);
  } else {
    if (entry.contains("username") && entry["username"].is_string()) c.username = entry["username"];
    if (entry.contains("password") && entry["password"].is_string()) c.password = entry["password"];
  }
  if (entry.contains("identitytoken") && entry["identitytoken"].is_string()) c.identity_token = entry["identitytoken"];
  if (c.username.empty() && c.identity_token.empty()) return std::nullopt;
  return c;
}

// The "auths" entry for this registry (and repository: most specific first).
std::optional<Credentials> from_auths(const json& doc, const std::string& registry, const std::string& repository,
                                      const std::string& source) {
  if (!doc.contains("auths") || !doc["auths"].is_object()) return std::nullopt;
  const json& auths = doc["auths"];
  std::vector<std::string> wanted;
  for (const auto& host : host_aliases(registry)) {
    std::string scope = host + "/" + repository;
    while (true) {
      wanted.push_back(scope);
      auto slash = scope.rfind('/');
      if (slash == std::string::npos) break;
      scope.erase(slash);
    }
  }
  for (const auto& w : wanted)
    for (auto it = auths.begin(); it != auths.end(); ++it)
      if (normalize_key(it.key()) == w)
        if (auto c = from_auth_entry(it.value(), source)) return c;
  return std::nullopt;
}

// Runs docker-credential-<helper> get; nullopt when the helper is missing or
// knows no credentials for the host.
std::optional<Credentials> from_helper(const std::string& helper, const std::string& host) {
  std::string program = "docker-credential-" + helper;
  ::signal(SIGPIPE, SIG_IGN);  // a helper that exits early must not kill us
  int in_pipe[2], out_pipe[2];
  if (::pipe(in_pipe) != 0) return std::nullopt;
  if (::pipe(out_pipe) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return std::nullopt;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    ::execlp(program.c_str(), program.c_str(), "get", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (pid > 0) {
    std::string input = host + "\n";
    if (::write(in_pipe[1], input.data(), input.size()) < 0) {
    }
  }
  ::close(in_pipe[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while (pid > 0 && (n = ::read(out_pipe[0], buf, sizeof buf)) > 0 && out.size() < (1 << 20)) out.append(buf, n);
  ::close(out_pipe[0]);
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  auto doc = json::parse(out, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  Credentials c;
  c.source = program;
  c.username = doc.value("Username", "");
  std::string secret = doc.value("Secret", "");
  if (c.username == "<token>") {
    c.username.clear();
    c.identity_token = secret;
  } else {
    c.password = secret;
  }
  if (c.username.empty() && c.identity_token.empty()) return std::nullopt;
  return c;
}

}  // namespace

Credentials parse_creds_option(const std::string& creds) {
  Credentials c;
  c.source = "--creds";
  auto colon = creds.find(':');
  c.username = creds.substr(0, colon);
  if (colon != std::string::npos) c.password = creds.substr(colon + 1);
  if (c.username.empty()) throw Error("--creds", "expected USER:PASSWORD with a non-empty user");
  return c;
}

std::optional<Credentials> find_credentials(const std::string& registry, const std::string& repository,
                                            const std::string& creds_option) {
  if (!creds_option.empty()) return parse_creds_option(creds_option);
  std::vector<std::string> files;
  if (auto f = env("REGISTRY_AUTH_FILE"); !f.empty()) files.push_back(f);
  if (auto r = env("XDG_RUNTIME_DIR"); !r.empty()) files.push_back(r + "/containers/auth.json");
  for (const auto& f : files) {
    auto doc = read_json(f);
    if (doc.is_null()) continue;
    if (auto c = from_auths(doc, registry, repository, f)) return c;
  }
  std::string docker_config = docker_config_dir() + "/config.json";
  auto doc = read_json(docker_config);
  if (doc.is_null()) return std::nullopt;
  for (const auto& host : host_aliases(registry)) {
    if (doc.contains("credHelpers") && doc["credHelpers"].is_object() && doc["credHelpers"].contains(host) &&
        doc["credHelpers"][host].is_string()) {
      std::string key = registry == "docker.io" ? "https://index.docker.io/v1/" : host;
      if (auto c = from_helper(doc["credHelpers"][host].get<std::string>(), key)) return c;
    }
  }
  if (auto c = from_auths(doc, registry, repository, docker_config)) return c;
  if (doc.contains("credsStore") && doc["credsStore"].is_string()) {
    std::string key = registry == "docker.io" ? "https://index.docker.io/v1/" : registry;
    if (auto c = from_helper(doc["credsStore"].get<std::string>(), key)) return c;
  }
  return std::nullopt;
}

}  // namespace imgslim::oci
