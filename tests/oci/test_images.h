// Test helpers: real tar streams (libarchive's writer), gzip/zstd blobs,
// OCI layouts, OCI archives and docker archives written into temporary
// directories.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "oci/model/descriptor.h"

struct archive;

namespace imgslim::oci::test {

using nlohmann::json;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

enum class TarFormat { Pax, Gnu };

class TarBuilder {
 public:
  explicit TarBuilder(TarFormat format = TarFormat::Pax);
  ~TarBuilder();
  TarBuilder(const TarBuilder&) = delete;
  TarBuilder& operator=(const TarBuilder&) = delete;
  TarBuilder& file(const std::string& path, const std::string& content, unsigned mode = 0644, std::int64_t uid = 0);
  TarBuilder& dir(const std::string& path, unsigned mode = 0755);
  TarBuilder& symlink(const std::string& path, const std::string& target);
  TarBuilder& hardlink(const std::string& path, const std::string& target);
  TarBuilder& char_device(const std::string& path, unsigned major, unsigned minor);
  TarBuilder& fifo(const std::string& path);
  // A sparse file of `size` bytes whose only data are `data` at `offset`.
  TarBuilder& sparse(const std::string& path, std::int64_t size, std::int64_t offset, const std::string& data);
  std::string finish();

 private:
  ::archive* a_;
  std::string out_;
  bool finished_ = false;
};

std::string gzip(const std::string& data, int level = 6);
std::string zstd(const std::string& data);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& data);

// A layer blob as written into an image.
struct LayerBlob {
  std::string tar;         // uncompressed
  std::string blob;        // as stored
  std::string media_type;
};
LayerBlob plain_layer(const std::string& tar);
LayerBlob gzip_layer(const std::string& tar);
LayerBlob zstd_layer(const std::string& tar);

// An image config for `layers` (diff_ids from their tars) on `platform`.
json image_config(const std::vector<LayerBlob>& layers, const std::string& os = "linux",
                  const std::string& arch = "amd64", const std::string& variant = "");

// Writes an OCI layout (oci-layout, blobs/) under `dir`; index.json is
// written by write_index from the descriptors the add_* calls return.
class LayoutWriter {
 public:
  explicit LayoutWriter(std::string dir);
  Descriptor blob(const std::string& data, const std::string& media_type);
  // Config + layers + manifest; returns the manifest descriptor.
  Descriptor image(const std::vector<LayerBlob>& layers, const json& config, bool docker_media_types = false);
  Descriptor index(const std::vector<json>& entries, bool docker_media_types = false);
  void write_index(const std::vector<json>& entries);

 private:
  std::string dir_;
};

// A descriptor as an index.json entry, with optional platform/ref name.
json entry(const Descriptor& d, const std::string& platform = "", const std::string& ref_name = "");

// Tars a directory tree (regular files and directories) into `archive`.
void tar_directory(const std::string& dir, const std::string& archive);

// Runs a shell command; returns its exit status.
int run(const std::string& command);

}  // namespace imgslim::oci::test
