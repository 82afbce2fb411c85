// oci/archive/ — the file-based sources: OCI layout directories, oci-archive and docker-archive
// tarballs, the file sets behind them and the choice of image inside them.
// May include: oci/image.h, oci/byte_stream.h, oci/layers/, oci/model/, support/.
//
// The file-based image sources. Each returns an Image whose layers stream
// from the files in place; `ref` is the reference as the user wrote it (for
// messages).
#pragma once
#include <string>

#include "oci/archive/file_set.h"
#include "oci/image.h"

namespace imgslim::oci {

// An OCI image layout (oci-layout, index.json, blobs/), from a directory or
// an archive. `tag` selects an index.json entry by its ref.name annotation.
ImagePtr open_oci_layout(FileSetPtr files, const std::string& ref, const std::string& tag,
                         const OpenOptions& options);

// A docker save / podman save / kaniko tarball: manifest.json (+
// repositories), legacy <id>/layer.tar or Docker 25+'s blobs/. `name_tag` is
// NAME:TAG, NAME (tag latest), @N (the N-th image) or empty.
ImagePtr open_docker_archive(FileSetPtr files, const std::string& ref, const std::string& name_tag,
                             const OpenOptions& options);

}  // namespace imgslim::oci
