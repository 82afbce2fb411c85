#include "oci/registry/reference.h"

#include <cctype>

#include "oci/model/digest.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

bool valid_repository(const std::string& repo) {
  if (repo.empty() || repo.size() > 255) return false;
  char prev = '/';
  for (char c : repo) {
    bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '.' || c == '_' || c == '-' || c == '/';
    if (!ok) return false;
    if (c == '/' && prev == '/') return false;
    prev = c;
  }
  return repo.back() != '/';
}

bool valid_tag(const std::string& tag) {
  if (tag.empty() || tag.size() > 128) return false;
  if (!(std::isalnum(static_cast<unsigned char>(tag[0])) || tag[0] == '_')) return false;
  for (char c : tag)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

}  // namespace

std::string RegistryReference::str() const {
  std::string out = registry + "/" + repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

bool RegistryReference::loopback() const {
  std::string host = api_host;
  if (host.rfind("[::1]", 0) == 0) return true;
  host = host.substr(0, host.find(':'));
  return host == "localhost" || host.rfind("127.", 0) == 0;
}

RegistryReference parse_registry_reference(const std::string& text, const std::string& input) {
  std::string rest = text;
  while (rest.rfind("/", 0) == 0) rest.erase(0, 1);
  if (rest.empty()) throw Error(input, "no image named after docker://");
  RegistryReference r;
  if (auto at = rest.find('@'); at != std::string::npos) {
    r.digest = Digest::parse(rest.substr(at + 1), input).str();
    rest.erase(at);
  }
  auto slash = rest.find('/');
  std::string first = rest.substr(0, slash);
  bool has_host = slash != std::string::npos &&
                  (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost" ||
                   first.find('[') == 0);
  if (has_host) {
    r.registry = first;
    rest.erase(0, slash + 1);
  } else {
    r.registry = "docker.io";
  }
  if (r.registry == "index.docker.io" || r.registry == "registry-1.docker.io") r.registry = "docker.io";
  auto colon = rest.rfind(':');
  auto last_slash = rest.rfind('/');
  if (colon != std::string::npos && (last_slash == std::string::npos || colon > last_slash)) {
    r.tag = rest.substr(colon + 1);
    rest.erase(colon);
    if (!valid_tag(r.tag)) throw Error(input, "invalid tag \"" + r.tag + "\"");
  }
  r.repository = rest;
  if (r.registry == "docker.io" && r.repository.find('/') == std::string::npos) r.repository = "library/" + r.repository;
  if (!valid_repository(r.repository))
    throw Error(input, "invalid repository name \"" + r.repository + "\" (lower-case letters, digits, . _ - /)");
  if (r.tag.empty() && r.digest.empty()) r.tag = "latest";
  r.api_host = r.registry == "docker.io" ? "registry-1.docker.io" : r.registry;
  return r;
}

}  // namespace imgslim::oci
