// One pass over an engine export (GET /images/get, `docker save`): a tar
// stream whose layout names its layers only at the end (manifest.json).
// Both shapes are read:
//   legacy (Docker < 25, Podman):  <v1-id>/layer.tar, <config-hex>.json, manifest.json
//   OCI (Docker 25+, containerd store): blobs/sha256/<hex> (layers possibly
//     gzip), index.json, oci-layout, manifest.json, legacy dirs as symlinks
// Layer members are handed to the visitor as they pass (hashed, and checked
// against the digest in their blobs/ path); JSON documents are kept (small,
// limited); links are recorded so that manifest.json paths resolve.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "oci/byte_stream.h"
#include "oci/model/digest.h"
#include "oci/image.h"

namespace imgslim::oci {

struct ExportedLayer {
  std::size_t arrival = 0;
  Digest digest;            // sha256 of the member's bytes
  std::uint64_t size = 0;
  std::string compression;  // "gzip", "zstd", "none" (from magic bytes)
};

struct ExportContents {
  std::map<std::string, std::string> documents;     // path -> content (JSON and small files)
  std::map<std::string, ExportedLayer> layers;      // path -> layer member
  std::map<std::string, std::string> links;         // path -> target path (resolved, archive-relative)

  // Follows links (symlinks, hardlinks) to the member path; throws naming `name`.
  std::string resolve(const std::string& path, const std::string& name) const;
};

// Reads the export tar from `tar` to its end. `name` names the export in
// errors. `verify`: check blobs/<alg>/<hex> members against their digest.
ExportContents read_export(ByteStream& tar, const std::string& name, bool verify, const LayerArrivalVisitor& visit);

// The image an export holds, assembled from its documents once the stream
// ended: manifest.json (the entry tagged `wanted_tag`, else the first), the
// config blob, and for the OCI shape the image manifest from index.json.
struct ExportedImage {
  Digest digest;  // the config's digest, as for a docker-archive (the OCI
                  // shape's manifest digest is in manifest.annotations
                  // "org.opencontainers.image.manifest.digest")
  Manifest manifest;
  ImageConfig config;
  std::string raw_config;
  std::vector<std::size_t> arrival_of;  // layer index -> arrival
  std::vector<std::string> members;     // layer index -> export member path
};

// Throws imgslim::Error naming `name` for a missing manifest.json, config or
// layer, and (verify) for uncompressed layers whose digest is not the diff_id.
ExportedImage assemble_export(const ExportContents& contents, const std::string& name,
                              const std::string& wanted_tag, bool verify);

// Normalises a member path or a link target relative to `base_dir`
// ("a/b/../c" -> "a/c"); "" when it escapes the archive.
std::string normalize_member_path(const std::string& base_dir, const std::string& path);

// Positions an export stream at one member and streams that member's bytes
// (the engine source's random-access fallback).
ByteStreamPtr open_export_member(ByteStreamPtr tar, const std::string& name, const std::string& member);

}  // namespace imgslim::oci
