#include "oci/model/reference.h"

#include <sys/stat.h>

#include "support/error.h"

namespace imgslim::oci {

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

// "PATH[:IMAGE]" as skopeo splits it: the first colon separates the image,
// unless the whole text names an existing path.
void split_location(const std::string& text, const std::string& rest, ImageReference& ref) {
  if (exists(rest) || rest.find(':') == std::string::npos) {
    ref.location = rest;
  } else {
    const auto colon = rest.find(':');
    ref.location = rest.substr(0, colon);
    ref.image = rest.substr(colon + 1);
    if (ref.image.empty()) throw Error(text, "empty image name after the path");
  }
  if (ref.location.empty()) throw Error(text, "missing path");
}

bool looks_like_path(const std::string& text) {
  return text.starts_with("/") || text.starts_with("./") || text.starts_with("../") || text == "." ||
         text == ".." || text.ends_with(".tar") || text.ends_with(".tar.gz") || text.ends_with(".tgz");
}

}  // namespace

ImageReference parse_reference(const std::string& text) {
  ImageReference ref;
  ref.text = text;
  if (text.empty()) throw Error("image reference", "empty");
  struct Prefix {
    const char* prefix;
    Transport transport;
    bool file;
  };
  static const Prefix kPrefixes[] = {
      {"oci:", Transport::OciLayout, true},
      {"oci-archive:", Transport::OciArchive, true},
      {"docker-archive:", Transport::DockerArchive, true},
      {"docker-daemon:", Transport::DockerDaemon, false},
      {"podman:", Transport::Podman, false},
      {"docker://", Transport::Registry, false},
  };
  for (const auto& p : kPrefixes) {
    const std::string prefix = p.prefix;
    if (!text.starts_with(prefix)) continue;
    ref.transport = p.transport;
    const std::string rest = text.substr(prefix.size());
    if (p.file) {
      split_location(text, rest, ref);
    } else {
      ref.location = rest;
      if (rest.empty()) throw Error(text, "missing image name");
    }
    return ref;
  }
  for (const char* other : {"dir:", "containers-storage:", "docker:", "sif:", "tarball:"}) {
    if (text.starts_with(other))
      throw Error(text, std::string("the ") + other +
                            " transport is not read by imgslim; use oci:, oci-archive:, docker-archive:, "
                            "docker-daemon:, podman: or docker://");
  }
  if (exists(text)) {
    ref.transport = Transport::LocalPath;
    ref.location = text;
    return ref;
  }
  if (looks_like_path(text)) throw Error(text, "no such file or directory");
  ref.transport = Transport::EngineName;
  ref.location = text;
  return ref;
}

}  // namespace imgslim::oci
