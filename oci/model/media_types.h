// Media types of the OCI image spec and Docker's schema 2.
#pragma once
#include <string_view>

namespace imgslim::oci::media {

inline constexpr std::string_view kOciLayout = "application/vnd.oci.image.layout.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kOciLayerTar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kOciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kOciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view kOciLayerNondistTar = "application/vnd.oci.image.layer.nondistributable.v1.tar";
inline constexpr std::string_view kOciLayerNondistGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
inline constexpr std::string_view kOciLayerNondistZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

inline constexpr std::string_view kDockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view kDockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";
inline constexpr std::string_view kDockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

}  // namespace imgslim::oci::media

namespace imgslim::oci::media {

// Compression a layer media type promises.
enum class LayerCompression { None, Gzip, Zstd };

bool is_index(std::string_view media_type);     // OCI index or Docker manifest list
bool is_manifest(std::string_view media_type);  // OCI or Docker schema 2 image manifest
bool is_config(std::string_view media_type);    // OCI or Docker image config
// True for every layer media type imgslim reads; `out` gets its compression.
bool layer_compression(std::string_view media_type, LayerCompression& out);

}  // namespace imgslim::oci::media
