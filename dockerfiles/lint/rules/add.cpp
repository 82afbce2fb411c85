// add-instead-of-copy: ADD where COPY does the job.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

bool is_archive(const std::string& s) {
  for (const char* ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz", ".zst"})
    if (s.size() >= std::string(ext).size() && s.compare(s.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      return true;
  return false;
}

}  // namespace

void check_add(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions) {
      const CopyInstr* c = ins.as<CopyInstr>();
      if (!c || !c->is_add || !c->heredocs.empty() || !c->checksum.empty() || c->keep_git_dir) continue;
      bool remote_or_archive = std::any_of(c->sources.begin(), c->sources.end(), [](const std::string& src) {
        return src.find("://") != std::string::npos || src.rfind("git@", 0) == 0 || is_archive(src);
      });
      if (!remote_or_archive)
        out.add("add-instead-of-copy", ins, "ADD of local files: COPY does the same without ADD's URL and unpacking magic",
                "COPY " + (c->sources.empty() ? std::string(".") : c->sources.front()) + " " + c->dest);
    }
}

}  // namespace imgslim::dockerfiles
