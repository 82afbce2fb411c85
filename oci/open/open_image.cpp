// oci/open/ — one reference (oci:, oci-archive:, docker-archive:, docker-daemon:, podman:,
// docker://, a bare path or NAME[:TAG]) to the source that reads it.
// May include: oci/archive/, oci/engine/, oci/registry/, oci/image.h, oci/model/, support/.
//
// open_image(): the one dispatch point from a reference to a source.
// File transports are handled here; the live transports (Docker engine,
// podman, registry) are dispatched to their sources below.
#include <sys/stat.h>

#include "oci/engine/daemon_image.h"
#include "oci/image.h"
#include "oci/registry/registry_image.h"
#include "oci/model/reference.h"
#include "oci/archive/sources.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

bool path_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

FileSetPtr files_at(const std::string& path, const std::string& ref) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw Error(ref, "no such file or directory");
  return S_ISDIR(st.st_mode) ? directory_files(path) : archive_files(path);
}

// A bare path: an OCI layout (directory or archive) or a docker archive
// (or an extracted one), by what it contains.
ImagePtr open_local_path(const ImageReference& ref, const OpenOptions& options) {
  FileSetPtr files = files_at(ref.location, ref.text);
  if (files->contains("oci-layout")) return open_oci_layout(files, ref.text, "", options);
  if (files->contains("manifest.json")) return open_docker_archive(files, ref.text, "", options);
  throw Error(ref.text, is_directory(ref.location)
                            ? "not an image: the directory has neither oci-layout nor manifest.json"
                            : "not an image archive: the tar has neither oci-layout nor manifest.json");
}

// A file source holding one image without a platform entry: --platform must
// name the platform its config says (an index entry is matched in the source).
ImagePtr check_platform(ImagePtr image, const OpenOptions& options, const std::string& text) {
  if (options.platform.empty()) return image;
  const Platform wanted = Platform::parse(options.platform);
  const Platform& has = image->config().platform;
  Platform loose = wanted;  // a config without a variant does not contradict one
  if (has.variant.empty()) loose.variant.clear();
  if (!has.empty() && !has.satisfies(loose))
    throw Error(text, "no image for platform " + wanted.str() + " (available: " + has.str() + ")");
  return image;
}

ImagePtr open_file_image(const ImageReference& ref, const std::string& text, const OpenOptions& options) {
  switch (ref.transport) {
    case Transport::OciLayout:
      if (!path_exists(ref.location)) throw Error(text, "no such file or directory");
      if (!is_directory(ref.location))
        throw Error(text, "oci: needs an OCI layout directory (use oci-archive: for a tar file)");
      return open_oci_layout(directory_files(ref.location), text, ref.image, options);
    case Transport::OciArchive:
      if (is_directory(ref.location))
        throw Error(text, "oci-archive: needs a tar file (use oci: for a layout directory)");
      return open_oci_layout(files_at(ref.location, text), text, ref.image, options);
    case Transport::DockerArchive:
      return open_docker_archive(files_at(ref.location, text), text, ref.image, options);
    default:
      return open_local_path(ref, options);
  }
}

}  // namespace

ImagePtr open_image(const std::string& text, const OpenOptions& options) {
  const ImageReference ref = parse_reference(text);
  switch (ref.transport) {
    case Transport::OciLayout:
    case Transport::OciArchive:
    case Transport::DockerArchive:
    case Transport::LocalPath:
      return check_platform(open_file_image(ref, text, options), options, text);
    // Live sources: the container engines and registries.
    case Transport::DockerDaemon:
      return open_engine_image(text, ref.location, EngineKind::Docker, options);
    case Transport::Podman:
      return open_engine_image(text, ref.location, EngineKind::Podman, options);
    case Transport::EngineName:
      if (!options.daemon.empty() && options.daemon != "docker" && options.daemon != "podman")
        throw Error("--daemon " + options.daemon, "unknown engine (docker or podman)");
      return open_engine_image(text, ref.location, options.daemon == "podman" ? EngineKind::Podman : EngineKind::Docker,
                               options);
    case Transport::Registry:
      return open_registry_image(text, ref.location, options);
  }
  throw Error(text, "unknown image reference");
}

}  // namespace imgslim::oci
