#include "oci/engine/store_layer_stream.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "oci/engine/tar_split.h"

namespace imgslim::oci {

namespace {

class StoreLayerStream final : public ByteStream {
 public:
  StoreLayerStream(const std::string& tar_split_path, const std::string& diff_dir, Digest diff_id, std::string name)
      : split_(tar_split_path), diff_id_(std::move(diff_id)), name_(std::move(name)), hasher_(diff_id_.algorithm) {
    dir_fd_ = ::open(diff_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) throw StoreMismatch(diff_dir, std::string("cannot open the layer's files: ") + std::strerror(errno));
  }
  ~StoreLayerStream() override {
    close_file();
    if (dir_fd_ >= 0) ::close(dir_fd_);
  }

  std::size_t read(void* buf, std::size_t n) override {
    auto* out = static_cast<char*>(buf);
    std::size_t done = 0;
    while (done < n) {
      std::size_t k = 0;
      if (at_ < segment_.size()) {
        k = std::min(n - done, segment_.size() - at_);
        std::memcpy(out + done, segment_.data() + at_, k);
        at_ += k;
      } else if (file_left_ > 0) {
        k = read_file(out + done, n - done);
      } else if (!advance()) {  // hashes what came before, so every byte is hashed as it is copied
        break;
      }
      hasher_.update(out + done, k);
      done += k;
    }
    return done;
  }

 private:
  // The next record; false at the end, after checking the whole stream.
  bool advance() {
    close_file();
    segment_.clear();
    at_ = 0;
    if (finished_) return false;
    TarSplitEntry e;
    try {
      if (!split_.next(e)) {
        finished_ = true;
        const Digest actual = hasher_.finish();
        if (actual != diff_id_)
          throw StoreMismatch(name_, "the store's files and tar-split rebuild a tar that hashes to " + actual.str() +
                                         ", not the diff_id");
        return false;
      }
    } catch (const StoreMismatch&) {
      throw;
    } catch (const Error& err) {
      throw StoreMismatch(err.input(), err.problem());
    }
    if (e.type == TarSplitEntry::Segment) {
      segment_ = std::move(e.payload);
    } else if (e.size > 0) {
      open_file(e.name);
      file_left_ = std::uint64_t(e.size);
    }
    return true;
  }

  void open_file(const std::string& tar_name) {
    std::string rel = tar_name;
    while (rel.starts_with("./")) rel.erase(0, 2);
    while (rel.starts_with("/")) rel.erase(0, 1);
    open_how how{};
    // O_NOATIME: reading leaves the engine's files as they were, access times included
    // (allowed to the files' owner and to root; without it when refused).
    how.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (noatime_ ? O_NOATIME : 0);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    file_fd_ = int(::syscall(SYS_openat2, dir_fd_, rel.c_str(), &how, sizeof how));
    if (file_fd_ < 0 && errno == EPERM && noatime_) {
      noatime_ = false;
      how.flags &= ~std::uint64_t(O_NOATIME);
      file_fd_ = int(::syscall(SYS_openat2, dir_fd_, rel.c_str(), &how, sizeof how));
    }
    if (file_fd_ < 0)
      throw StoreMismatch(name_, "cannot open " + rel + " in the layer's files: " + std::strerror(errno));
    file_name_ = rel;
  }

  std::size_t read_file(char* out, std::size_t n) {
    const std::size_t want = std::size_t(std::min<std::uint64_t>(n, file_left_));
    ssize_t r;
    do r = ::read(file_fd_, out, want);
    while (r < 0 && errno == EINTR);
    if (r < 0) throw StoreMismatch(name_, "cannot read " + file_name_ + ": " + std::strerror(errno));
    if (r == 0) throw StoreMismatch(name_, file_name_ + " is shorter in the store than in the layer");
    file_left_ -= std::uint64_t(r);
    if (file_left_ == 0) close_file();
    return std::size_t(r);
  }

  void close_file() {
    if (file_fd_ >= 0) ::close(file_fd_);
    file_fd_ = -1;
    file_left_ = 0;
  }

  TarSplitReader split_;
  Digest diff_id_;
  std::string name_;
  Hasher hasher_;
  int dir_fd_ = -1, file_fd_ = -1;
  std::string file_name_;
  std::uint64_t file_left_ = 0;
  std::string segment_;
  std::size_t at_ = 0;
  bool finished_ = false;
  bool noatime_ = true;
};

}  // namespace

ByteStreamPtr open_store_layer(const std::string& tar_split_path, const std::string& diff_dir, const Digest& diff_id,
                               const std::string& name) {
  try {
    return std::make_unique<StoreLayerStream>(tar_split_path, diff_dir, diff_id, name);
  } catch (const StoreMismatch&) {
    throw;
  } catch (const Error& e) {
    throw StoreMismatch(e.input(), e.problem());
  }
}

}  // namespace imgslim::oci
