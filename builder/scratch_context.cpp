#include "builder/scratch_context.h"

#include <stdlib.h>

#include <filesystem>
#include <system_error>

#include "support/error.h"

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

void copy_tree(const fs::path& from, const fs::path& to, const DockerignoreRules& ignore) {
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path rel = it->path().lexically_relative(from);
    const std::string key = rel.generic_string();
    const fs::file_status st = it->symlink_status();
    const bool dir = fs::is_directory(st);
    if (key != ".dockerignore" && ignore.excluded(key)) {
      // A folder is still walked when a `!` line may take back something below it.
      if (!dir || !ignore.has_exceptions()) {
        if (dir) it.disable_recursion_pending();
        continue;
      }
    }
    const fs::path target = to / rel;
    if (dir) fs::create_directories(target);
    else if (fs::is_symlink(st)) fs::copy_symlink(it->path(), target);
    else if (fs::is_regular_file(st)) fs::copy_file(it->path(), target);
  }
}

}  // namespace

ScratchContext::ScratchContext(const std::string& context) {
  if (!fs::is_directory(context)) throw Error(context, "build context is not a directory");
  ignore_ = DockerignoreRules::read(context);
  std::string tmpl = (fs::temp_directory_path() / "imgslim-context-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw Error(context, "cannot create a scratch copy under " + fs::temp_directory_path().string());
  path_ = tmpl;
  try {
    copy_tree(context, path_, ignore_);
  } catch (const fs::filesystem_error& e) {
    std::error_code ec;
    fs::remove_all(path_, ec);
    throw Error(context, std::string("cannot copy the build context to a scratch folder: ") + e.what());
  }
}

ScratchContext::~ScratchContext() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace imgslim::builder
