// Image references in skopeo's transport syntax, split into transport,
// location and the image inside it. Only parsing: open_image() dispatches.
#pragma once
#include <string>

namespace imgslim::oci {

enum class Transport {
  OciLayout,      // oci:DIR[:TAG]
  OciArchive,     // oci-archive:FILE[:TAG]
  DockerArchive,  // docker-archive:FILE[:NAME:TAG | :@N]
  LocalPath,      // a bare path, detected by content
  DockerDaemon,   // docker-daemon:NAME[:TAG]
  Podman,         // podman:NAME[:TAG]
  Registry,       // docker://HOST/REPO[:TAG|@DIGEST]
  EngineName,     // a bare NAME[:TAG] (the Docker engine)
};

struct ImageReference {
  Transport transport = Transport::LocalPath;
  std::string text;      // as written
  std::string location;  // the directory or file; for live transports the name (after the prefix)
  std::string image;     // TAG, NAME:TAG or @N inside the location (file transports)
};

// Throws imgslim::Error for unknown transports and empty parts.
ImageReference parse_reference(const std::string& text);

}  // namespace imgslim::oci
