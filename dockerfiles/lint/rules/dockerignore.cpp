// dockerignore: `COPY . .` with no .dockerignore keeping node_modules, .git and the like out.
#include <algorithm>
#include <filesystem>
#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

void check_dockerignore(const LintInput& in, Reporter& out) {
  if (in.options.context_dir.empty()) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(in.options.context_dir) / ".dockerignore", ec)) return;
  if (!in.options.dockerfile_path.empty() && fs::exists(in.options.dockerfile_path + ".dockerignore", ec)) return;
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions)
      if (const CopyInstr* c = ins.as<CopyInstr>(); c && copies_whole_context(*c)) {
        out.add("dockerignore", ins,
                "the whole context is copied and " + in.options.context_dir +
                    " has no .dockerignore: node_modules, .git, .env and build output go into the image",
                "add a .dockerignore with node_modules, .git, .env*, dist, coverage, *.log");
        return;
      }
}

}  // namespace imgslim::dockerfiles
