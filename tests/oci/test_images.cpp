#include "test_images.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include <zstd.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "oci/model/digest.h"
#include "oci/model/media_types.h"

namespace imgslim::oci::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "imgslim-oci-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

la_ssize_t append(struct archive*, void* self, const void* buf, size_t n) {
  static_cast<std::string*>(self)->append(static_cast<const char*>(buf), n);
  return la_ssize_t(n);
}

void check(struct archive* a, int r) {
  if (r < ARCHIVE_WARN) throw std::runtime_error(std::string("libarchive: ") + archive_error_string(a));
}

}  // namespace

TarBuilder::TarBuilder(TarFormat format) : a_(archive_write_new()) {
  check(a_, format == TarFormat::Pax ? archive_write_set_format_pax_restricted(a_) : archive_write_set_format_gnutar(a_));
  check(a_, archive_write_open(a_, &out_, nullptr, append, nullptr));
}

TarBuilder::~TarBuilder() { archive_write_free(a_); }

namespace {

struct Entry {
  struct archive_entry* e = archive_entry_new();
  ~Entry() { archive_entry_free(e); }
};

void header(struct archive* a, struct archive_entry* e, const std::string& path, unsigned type, unsigned mode,
            std::int64_t size) {
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, mode);
  archive_entry_set_size(e, size);
  archive_entry_set_mtime(e, 1700000000, 0);
  (void)a;
}

}  // namespace

TarBuilder& TarBuilder::file(const std::string& path, const std::string& content, unsigned mode, std::int64_t uid) {
  Entry x;
  header(a_, x.e, path, AE_IFREG, mode, std::int64_t(content.size()));
  archive_entry_set_uid(x.e, uid);
  archive_entry_set_gid(x.e, uid);
  check(a_, archive_write_header(a_, x.e));
  if (!content.empty() && archive_write_data(a_, content.data(), content.size()) != la_ssize_t(content.size()))
    throw std::runtime_error("short write");
  return *this;
}

TarBuilder& TarBuilder::dir(const std::string& path, unsigned mode) {
  Entry x;
  header(a_, x.e, path, AE_IFDIR, mode, 0);
  check(a_, archive_write_header(a_, x.e));
  return *this;
}

TarBuilder& TarBuilder::symlink(const std::string& path, const std::string& target) {
  Entry x;
  header(a_, x.e, path, AE_IFLNK, 0777, 0);
  archive_entry_set_symlink(x.e, target.c_str());
  check(a_, archive_write_header(a_, x.e));
  return *this;
}

TarBuilder& TarBuilder::hardlink(const std::string& path, const std::string& target) {
  Entry x;
  header(a_, x.e, path, AE_IFREG, 0644, 0);
  archive_entry_set_hardlink(x.e, target.c_str());
  check(a_, archive_write_header(a_, x.e));
  return *this;
}

TarBuilder& TarBuilder::char_device(const std::string& path, unsigned major, unsigned minor) {
  Entry x;
  header(a_, x.e, path, AE_IFCHR, 0666, 0);
  archive_entry_set_rdevmajor(x.e, major);
  archive_entry_set_rdevminor(x.e, minor);
  check(a_, archive_write_header(a_, x.e));
  return *this;
}

TarBuilder& TarBuilder::fifo(const std::string& path) {
  Entry x;
  header(a_, x.e, path, AE_IFIFO, 0644, 0);
  check(a_, archive_write_header(a_, x.e));
  return *this;
}

TarBuilder& TarBuilder::sparse(const std::string& path, std::int64_t size, std::int64_t offset,
                               const std::string& data) {
  Entry x;
  header(a_, x.e, path, AE_IFREG, 0644, size);
  archive_entry_sparse_add_entry(x.e, offset, std::int64_t(data.size()));
  check(a_, archive_write_header(a_, x.e));
  std::string full(std::size_t(size), '\0');
  full.replace(std::size_t(offset), data.size(), data);
  if (archive_write_data(a_, full.data(), full.size()) < 0) throw std::runtime_error("sparse write failed");
  return *this;
}

std::string TarBuilder::finish() {
  if (!finished_) {
    check(a_, archive_write_close(a_));
    finished_ = true;
  }
  return out_;
}

std::string gzip(const std::string& data, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, uLong(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = uInt(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  if (ZSTD_isError(n)) throw std::runtime_error("zstd");
  out.resize(n);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& data) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), std::streamsize(data.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

LayerBlob plain_layer(const std::string& tar) { return {tar, tar, std::string(media::kOciLayerTar)}; }
LayerBlob gzip_layer(const std::string& tar) { return {tar, gzip(tar), std::string(media::kOciLayerGzip)}; }
LayerBlob zstd_layer(const std::string& tar) { return {tar, zstd(tar), std::string(media::kOciLayerZstd)}; }

json image_config(const std::vector<LayerBlob>& layers, const std::string& os, const std::string& arch,
                  const std::string& variant) {
  json diff_ids = json::array();
  json history = json::array();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    diff_ids.push_back(sha256_of(layers[i].tar).str());
    history.push_back({{"created", "2024-01-01T00:00:00Z"}, {"created_by", "RUN step " + std::to_string(i)}});
  }
  history.push_back({{"created_by", "CMD [\"node\"]"}, {"empty_layer", true}});
  json c = {{"architecture", arch},
            {"os", os},
            {"created", "2024-01-01T00:00:00Z"},
            {"config",
             {{"User", "node"},
              {"Env", {"PATH=/usr/bin", "NODE_ENV=production"}},
              {"Entrypoint", {"docker-entrypoint.sh"}},
              {"Cmd", {"node", "server.js"}},
              {"WorkingDir", "/app"},
              {"ExposedPorts", {{"3000/tcp", json::object()}}},
              {"Labels", {{"org.opencontainers.image.title", "api"}}},
              {"Healthcheck", {{"Test", {"CMD", "true"}}, {"Interval", 30000000000LL}, {"Retries", 3}}}}},
            {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
            {"history", history}};
  if (!variant.empty()) c["variant"] = variant;
  return c;
}

LayoutWriter::LayoutWriter(std::string dir) : dir_(std::move(dir)) {
  write_file(dir_ + "/oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
}

Descriptor LayoutWriter::blob(const std::string& data, const std::string& media_type) {
  Descriptor d;
  d.media_type = media_type;
  d.digest = sha256_of(data);
  d.size = std::int64_t(data.size());
  write_file(dir_ + "/blobs/sha256/" + d.digest.hex, data);
  return d;
}

namespace {
json descriptor_json(const Descriptor& d) {
  return {{"mediaType", d.media_type}, {"digest", d.digest.str()}, {"size", d.size}};
}
}  // namespace

Descriptor LayoutWriter::image(const std::vector<LayerBlob>& layers, const json& config, bool docker) {
  json m = {{"schemaVersion", 2},
            {"mediaType", docker ? media::kDockerManifest : media::kOciManifest},
            {"config", descriptor_json(blob(config.dump(), std::string(docker ? media::kDockerConfig : media::kOciConfig)))},
            {"layers", json::array()}};
  for (const auto& l : layers) m["layers"].push_back(descriptor_json(blob(l.blob, l.media_type)));
  return blob(m.dump(), std::string(docker ? media::kDockerManifest : media::kOciManifest));
}

Descriptor LayoutWriter::index(const std::vector<json>& entries, bool docker) {
  const std::string mt(docker ? media::kDockerManifestList : media::kOciIndex);
  json idx = {{"schemaVersion", 2}, {"mediaType", mt}, {"manifests", entries}};
  return blob(idx.dump(), mt);
}

void LayoutWriter::write_index(const std::vector<json>& entries) {
  json idx = {{"schemaVersion", 2}, {"mediaType", media::kOciIndex}, {"manifests", entries}};
  write_file(dir_ + "/index.json", idx.dump());
}

json entry(const Descriptor& d, const std::string& platform, const std::string& ref_name) {
  json e = descriptor_json(d);
  if (!platform.empty()) {
    const auto p = Platform::parse(platform);
    e["platform"] = {{"os", p.os}, {"architecture", p.architecture}};
    if (!p.variant.empty()) e["platform"]["variant"] = p.variant;
  }
  if (!ref_name.empty()) e["annotations"] = {{"org.opencontainers.image.ref.name", ref_name}};
  return e;
}

void tar_directory(const std::string& dir, const std::string& archive) {
  TarBuilder tar;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir)) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    const std::string rel = fs::relative(p, dir).string();
    if (fs::is_symlink(p)) tar.symlink(rel, fs::read_symlink(p).string());
    else if (fs::is_directory(p)) tar.dir(rel);
    else tar.file(rel, read_file(p.string()));
  }
  write_file(archive, tar.finish());
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace imgslim::oci::test
