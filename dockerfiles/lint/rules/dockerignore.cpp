// dockerignore: `COPY . .` with no .dockerignore keeping node_modules, .git and the like out.
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"
#include "support/rooted_dir.h"

namespace imgslim::dockerfiles {

void check_dockerignore(const LintInput& in, Reporter& out) {
  if (in.options.context_dir.empty()) return;
  // Both files are resolved as BuildKit resolves them: inside the context
  // (or the Dockerfile's folder), a symlink leading out of it is no file.
  RootedDir context(in.options.context_dir, "build context");
  bool found = context.is_file((std::filesystem::path(in.options.context_dir) / ".dockerignore").string());
  std::vector<std::string> notes = context.notes();
  if (!found && !in.options.dockerfile_path.empty()) {
    std::string folder = std::filesystem::path(in.options.dockerfile_path).parent_path().string();
    RootedDir beside(folder.empty() ? "." : folder, "Dockerfile's folder");
    found = beside.is_file(in.options.dockerfile_path + ".dockerignore");
    notes.insert(notes.end(), beside.notes().begin(), beside.notes().end());
  }
  if (in.options.notes) in.options.notes->insert(in.options.notes->end(), notes.begin(), notes.end());
  if (found) return;
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
