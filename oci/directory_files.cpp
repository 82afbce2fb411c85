// FileSet over a directory (OCI layout directory, extracted docker save).
#include <sys/stat.h>

#include "oci/file_set.h"
#include "oci/file_stream.h"
#include "oci/path_clean.h"
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
  std::string dir_;
};

}  // namespace

FileSetPtr directory_files(const std::string& dir) { return std::make_shared<DirectoryFiles>(dir); }

}  // namespace imgslim::oci
