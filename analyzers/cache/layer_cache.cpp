#include "analyzers/cache/layer_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "analyzers/cache/cache_entries.h"
#include "analyzers/cache/dive_codec.h"
#include "analyzers/cache/scan_codec.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace imgslim::analyzers {

namespace {

// The whole file, or nullopt when it does not exist; throws UnusableEntry
// when it cannot be read.
std::optional<std::string> read_entry(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw UnusableEntry(std::string("cannot be opened: ") + std::strerror(errno));
  }
  struct stat st;
  std::string out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(std::size_t(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw UnusableEntry(std::string("cannot be read: ") + std::strerror(err));
    }
    if (n == 0) break;
    out.append(buf, std::size_t(n));
  }
  ::close(fd);
  return out;
}

}  // namespace

LayerCache::LayerCache(CacheSettings settings, NoteSink note) : settings_(std::move(settings)), note_(std::move(note)) {}

std::string LayerCache::entry_path(const oci::Digest& diff_id, const std::string& profile) const {
  char tag[17];
  std::snprintf(tag, sizeof tag, "%016llx", static_cast<unsigned long long>(XXH3_64bits(profile.data(), profile.size())));
  return settings_.dir + "/" + diff_id.algorithm + "-" + diff_id.hex + "-" + tag + std::string(kEntrySuffix);
}

void LayerCache::note(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (note_) note_(text);
}

std::optional<LayerScan> LayerCache::load(const oci::Digest& diff_id, const std::string& profile) {
  const std::string path = entry_path(diff_id, profile);
  try {
    auto file = read_entry(path);
    if (!file) return std::nullopt;
    LayerScan scan = decode_layer_scan(*file, diff_id, profile);
    touch_cache_entry(path);
    ++hits_;
    return scan;
  } catch (const UnusableEntry& e) {
    note("layer cache entry " + path + " for " + diff_id.str() + " " + e.what() + "; reading the layer again");
    return std::nullopt;
  }
}

void LayerCache::store(const oci::Digest& diff_id, const std::string& profile, const LayerScan& scan) {
  write_entry(entry_path(diff_id, profile), [&] { return encode_layer_scan(scan, diff_id, profile); });
}

std::string LayerCache::dive_entry_path(const std::string& chain_key) const {
  return settings_.dir + "/dive-" + chain_key + std::string(kEntrySuffix);
}

std::optional<DiveMetrics> LayerCache::load_dive(const std::string& chain_key) {
  const std::string path = dive_entry_path(chain_key);
  try {
    auto file = read_entry(path);
    if (!file) return std::nullopt;
    DiveMetrics metrics = decode_dive_metrics(*file, chain_key);
    touch_cache_entry(path);
    return metrics;
  } catch (const UnusableEntry& e) {
    note("layer cache entry " + path + " (dive metrics) " + e.what() + "; computing them again");
    return std::nullopt;
  }
}

void LayerCache::store_dive(const std::string& chain_key, const DiveMetrics& metrics) {
  write_entry(dive_entry_path(chain_key), [&] { return encode_dive_metrics(metrics, chain_key); });
}

void LayerCache::write_entry(const std::string& path, const std::function<std::string()>& encode) {
  try {
    const std::string bytes = encode();
    std::error_code ec;
    std::filesystem::create_directories(settings_.dir, ec);
    if (ec) throw Error(settings_.dir, "cannot create the folder: " + ec.message());
    write_file_atomically(path, bytes);
    std::lock_guard lock(mutex_);
    trim_cache(settings_.dir, settings_.max_bytes);
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    if (write_failed_) return;
    write_failed_ = true;
    if (note_) note_(std::string("layer cache not written: ") + e.what());
  }
}

}  // namespace imgslim::analyzers
