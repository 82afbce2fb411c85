// imgslim-bench-gen: writes a large, realistic, deterministic image for the
// benchmark in three forms: an uncompressed docker-archive, an OCI layout
// with gzip layers and an OCI layout with zstd layers.
//
//   imgslim-bench-gen --bytes 1G --files 100000 --layers 12 --out DIR
//
// Layer 0 looks like an OS (binaries and libraries, a few large files), the
// middle layers like node_modules trees (many small text files), later
// layers overwrite and delete earlier content (whiteouts, an opaque
// directory) and the last adds an application with one large binary.
// File content is word-like text so that it compresses as source code does.
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <zstd.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
};

std::string hex(const unsigned char* d, unsigned n) {
  static const char* h = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n; ++i) {
    s += h[d[i] >> 4];
    s += h[d[i] & 15];
  }
  return s;
}

std::string sha256(const std::string& data) {
  unsigned char md[32];
  unsigned n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  return "sha256:" + hex(md, n);
}

// 4 MiB of word-like text; file contents are slices of it.
std::string make_corpus(Rng& rng) {
  static const char* words[] = {"function", "return", "const", "module", "exports", "require", "this", "value",
                                "undefined", "null", "if", "else", "for", "while", "async", "await", "import",
                                "default", "class", "extends", "new", "Promise", "resolve", "reject", "error",
                                "options", "callback", "length", "push", "prototype", "object", "string"};
  std::string s;
  s.reserve(4u << 20);
  while (s.size() < (4u << 20)) {
    s += words[rng.below(32)];
    std::uint64_t r = rng.below(16);
    s += r == 0 ? ";\n" : r == 1 ? "(" : r == 2 ? ") {\n  " : r == 3 ? "." : " ";
  }
  return s;
}

struct Entry {
  std::string path;
  char type;  // 'f' file, 'd' dir, 'w' whiteout, 'o' opaque
  std::uint64_t size = 0;
  std::uint64_t offset = 0;  // into the corpus (wrapped)
};

std::string tar_layer(const std::vector<Entry>& entries, const std::string& corpus) {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(
      a, &out, nullptr,
      [](struct archive*, void* ud, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  struct archive_entry* e = archive_entry_new();
  for (const auto& en : entries) {
    archive_entry_clear(e);
    std::string path = en.path;
    if (en.type == 'w' || en.type == 'o') {
      auto slash = path.rfind('/');
      std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
      std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
      path = en.type == 'o' ? path + "/.wh..wh..opq" : dir + ".wh." + base;
    }
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_mtime(e, 1700000000, 0);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    if (en.type == 'd') {
      archive_entry_set_filetype(e, AE_IFDIR);
      archive_entry_set_perm(e, 0755);
      archive_write_header(a, e);
      continue;
    }
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    std::uint64_t size = (en.type == 'f') ? en.size : 0;
    archive_entry_set_size(e, static_cast<la_int64_t>(size));
    archive_write_header(a, e);
    std::uint64_t off = en.offset % corpus.size(), left = size;
    while (left) {
      std::uint64_t n = std::min<std::uint64_t>(left, corpus.size() - off);
      archive_write_data(a, corpus.data() + off, n);
      left -= n;
      off = 0;
    }
  }
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  if (ZSTD_isError(n)) throw std::runtime_error("zstd failed");
  out.resize(n);
  return out;
}

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream o(p, std::ios::binary);
  o.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!o) throw std::runtime_error("cannot write " + p.string());
}

std::uint64_t parse_amount(const std::string& s) {
  double v = std::stod(s);
  char u = s.empty() ? ' ' : s.back();
  if (u == 'G' || u == 'g') v *= 1e9;
  else if (u == 'M' || u == 'm') v *= 1e6;
  else if (u == 'k' || u == 'K') v *= 1e3;
  return static_cast<std::uint64_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t total = 1'000'000'000, files = 100'000, layers = 12, seed = 42;
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--bytes") total = parse_amount(v);
    else if (k == "--files") files = parse_amount(v);
    else if (k == "--layers") layers = std::stoull(v);
    else if (k == "--seed") seed = std::stoull(v);
    else if (k == "--out") out = v;
  }
  if (out.empty() || layers < 4) {
    std::cerr << "usage: imgslim-bench-gen --bytes 1G --files 100000 --layers 12 --out DIR\n";
    return 2;
  }
  Rng rng{seed * 2654435761u + 1};
  std::string corpus = make_corpus(rng);

  // Plan: 15 % of bytes in a few large binaries, the rest spread over files.
  std::uint64_t big_bytes = total * 15 / 100;
  std::uint64_t small_files = files > 20 ? files - 20 : files;
  std::uint64_t mean_small = (total - big_bytes) / std::max<std::uint64_t>(small_files, 1);
  std::vector<std::vector<Entry>> plan(layers);
  std::uint64_t per_layer = small_files / (layers - 2);
  std::vector<std::string> overwritable, deletable_dirs;
  for (std::uint64_t li = 0; li + 2 < layers; ++li) {
    auto& L = plan[li];
    std::string root = li == 0 ? "usr/lib/x86_64-linux-gnu" : "app/node_modules";
    L.push_back({li == 0 ? "usr" : "app", 'd'});
    L.push_back({root, 'd'});
    std::uint64_t made = 0, pkg = 0;
    while (made < per_layer) {
      std::string dir = root + "/pkg" + std::to_string(li) + "_" + std::to_string(pkg++);
      L.push_back({dir, 'd'});
      L.push_back({dir + "/lib", 'd'});
      std::uint64_t n = 5 + rng.below(40);
      for (std::uint64_t k = 0; k < n && made < per_layer; ++k, ++made) {
        // Log-uniform-ish sizes around the mean: many tiny, some large.
        std::uint64_t r = rng.below(100);
        std::uint64_t size = r < 50 ? rng.below(mean_small / 2 + 1) : r < 90 ? mean_small / 2 + rng.below(mean_small + 1)
                                                                          : mean_small * 2 + rng.below(mean_small * 4 + 1);
        std::string path = dir + (k % 3 ? "/lib/f" : "/f") + std::to_string(k) + (k % 4 ? ".js" : ".json");
        L.push_back({path, 'f', size, rng.next()});
        if (rng.below(200) == 0) overwritable.push_back(path);
      }
      if (rng.below(40) == 0) deletable_dirs.push_back(dir);
    }
  }
  // Large binaries: 10 in layer 0, 10 in the last layer.
  for (int k = 0; k < 10; ++k)
    plan[0].push_back({"usr/lib/x86_64-linux-gnu/libbig" + std::to_string(k) + ".so", 'f', big_bytes / 20, rng.next()});
  auto& over = plan[layers - 2];
  over.push_back({"app", 'd'});
  // A layer may not both write below a directory and delete it (the engine's
  // `docker load` refuses that): overwrites skip the directories deleted here.
  auto deleted = [&](const std::string& p) {
    for (const auto& d : deletable_dirs)
      if (p.compare(0, d.size() + 1, d + "/") == 0) return true;
    return false;
  };
  for (const auto& p : overwritable)
    if (!deleted(p)) over.push_back({p, 'f', 1000 + rng.below(5000), rng.next()});
  for (const auto& d : deletable_dirs) over.push_back({d, 'w'});
  over.push_back({"usr/lib/x86_64-linux-gnu/pkg0_0", 'o'});
  auto& last = plan[layers - 1];
  last.push_back({"app", 'd'});
  last.push_back({"app/dist", 'd'});
  for (int k = 0; k < 10; ++k) last.push_back({"app/dist/bin" + std::to_string(k), 'f', big_bytes / 20, rng.next()});

  fs::path root(out);
  fs::remove_all(root);
  nlohmann::json diff_ids = nlohmann::json::array(), history = nlohmann::json::array();
  nlohmann::json gz_layers = nlohmann::json::array(), zs_layers = nlohmann::json::array();
  nlohmann::json plain_layers = nlohmann::json::array();
  std::vector<std::string> tar_names;
  for (std::uint64_t li = 0; li < layers; ++li) {
    std::string tar = tar_layer(plan[li], corpus);
    std::string diff_id = sha256(tar);
    diff_ids.push_back(diff_id);
    history.push_back({{"created_by", "RUN /bin/sh -c generate layer " + std::to_string(li) + " # buildkit"}});
    std::string hexid = diff_id.substr(7);
    write_file(root / "docker-archive" / hexid / "layer.tar", tar);
    tar_names.push_back(hexid + "/layer.tar");
    // Uncompressed OCI layout (for peers that cannot read docker archives):
    // the same bytes, hard-linked.
    fs::create_directories(root / "oci-plain/blobs/sha256");
    fs::create_hard_link(root / "docker-archive" / hexid / "layer.tar", root / "oci-plain/blobs/sha256" / hexid);
    plain_layers.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar"}, {"digest", diff_id}, {"size", tar.size()}});
    std::string gz = gzip(tar), zs = zstd(tar);
    std::string gd = sha256(gz), zd = sha256(zs);
    write_file(root / "oci-gzip/blobs/sha256" / gd.substr(7), gz);
    write_file(root / "oci-zstd/blobs/sha256" / zd.substr(7), zs);
    gz_layers.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"}, {"digest", gd}, {"size", gz.size()}});
    zs_layers.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar+zstd"}, {"digest", zd}, {"size", zs.size()}});
    std::cerr << "layer " << li << ": " << plan[li].size() << " entries, tar " << tar.size() << " B, gzip " << gz.size()
              << " B, zstd " << zs.size() << " B\n";
  }
  nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"},
                           {"config", {{"Cmd", {"node", "app/dist/server.js"}}}},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}, {"history", history}};
  std::string cfg = config.dump();
  std::string cfg_digest = sha256(cfg);
  // docker-archive (legacy form).
  write_file(root / "docker-archive" / (cfg_digest.substr(7) + ".json"), cfg);
  nlohmann::json dm = nlohmann::json::array(
      {{{"Config", cfg_digest.substr(7) + ".json"}, {"RepoTags", {"bench:latest"}}, {"Layers", tar_names}}});
  write_file(root / "docker-archive/manifest.json", dm.dump());
  // OCI layouts.
  for (auto [dir, lay] : {std::pair{std::string("oci-gzip"), gz_layers}, std::pair{std::string("oci-zstd"), zs_layers},
                         std::pair{std::string("oci-plain"), plain_layers}}) {
    write_file(root / dir / "blobs/sha256" / cfg_digest.substr(7), cfg);
    nlohmann::json man = {{"schemaVersion", 2},
                          {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                          {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", cfg_digest}, {"size", cfg.size()}}},
                          {"layers", lay}};
    std::string ms = man.dump();
    std::string md = sha256(ms);
    write_file(root / dir / "blobs/sha256" / md.substr(7), ms);
    nlohmann::json index = {{"schemaVersion", 2},
                            {"mediaType", "application/vnd.oci.image.index.v1+json"},
                            {"manifests", {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"}, {"digest", md},
                                            {"size", ms.size()}, {"annotations", {{"org.opencontainers.image.ref.name", "latest"}}}}}}};
    write_file(root / dir / "index.json", index.dump());
    write_file(root / dir / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  }
  // The docker archive as `docker save` writes it: one tar.
  std::string cmd = "tar -C '" + (root / "docker-archive").string() + "' -cf '" + (root / "docker-archive.tar").string() + "' .";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("tar failed");
  std::cerr << "wrote " << root << "\n";
  return 0;
}
