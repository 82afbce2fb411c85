// FileSet over a directory (OCI layout directory, extracted docker save).
#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include "oci/archive/file_set.h"
#include "oci/layers/file_stream.h"
#include "oci/layers/path_clean.h"
#include "support/error.h"

namespace imgslim::oci {

namespace {

class DirectoryFiles final : public FileSet {
 public:
  explicit DirectoryFiles(std::string dir) : dir_(std::move(dir)) {}

  const std::string& name() const override { return dir_; }

  std::optional<std::uint64_t> size_of(const std::string& path) const override {
    struct stat st;
    if (::stat(full(path).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    check_inside(path);
    return std::uint64_t(st.st_size);
  }

  ByteStreamPtr open(const std::string& path) const override {
    const std::string file = full(path);
    if (!size_of(path)) throw Error(dir_, "missing " + path);
    auto f = std::make_shared<ReadOnlyFile>(file);
    const auto size = f->size();
    return open_file_range(std::move(f), 0, size, file);
  }

 private:
  std::string full(const std::string& path) const { return dir_ + "/" + clean_path(path); }

  // Symlinks inside the layout may point at each other, never outside it: a
  // stranger's layout must not make imgslim read (and echo parts of) the
  // host's files, such as credentials.
  void check_inside(const std::string& path) const {
    char* real = ::realpath(full(path).c_str(), nullptr);
    if (!real) throw Error(dir_ + "/" + clean_path(path), "cannot resolve the path");
    const std::string resolved(real);
    std::free(real);
    if (resolved.size() <= root_.size() || resolved.compare(0, root_.size(), root_) != 0 ||
        resolved[root_.size()] != '/')
      throw Error(dir_ + "/" + clean_path(path), "is a symlink leading outside the image directory; refusing to read it");
  }

  static std::string real_root(const std::string& dir) {
    char* real = ::realpath(dir.c_str(), nullptr);
    if (!real) return dir;
    std::string out(real);
    std::free(real);
    return out == "/" ? std::string() : out;
  }

  std::string dir_;
  std::string root_ = real_root(dir_);
};

}  // namespace

FileSetPtr directory_files(const std::string& dir) { return std::make_shared<DirectoryFiles>(dir); }

}  // namespace imgslim::oci
