// A private copy of a build context for builds that must change a file: the
// user's context is only read (never written, its files' times untouched).
// What .dockerignore drops is not copied (the engine would not send it);
// the .dockerignore itself is, so the engine applies it as to the original.
// Regular files are copied, symbolic links copied as links, FIFOs, sockets
// and devices left out. The copy is removed when the object goes.
#pragma once
#include <string>

#include "builder/dockerignore_rules.h"

namespace imgslim::builder {

class ScratchContext {
 public:
  // Copies `context` under the temporary directory; throws imgslim::Error
  // naming the context when it is not a directory or cannot be copied.
  explicit ScratchContext(const std::string& context);
  ~ScratchContext();
  ScratchContext(const ScratchContext&) = delete;
  ScratchContext& operator=(const ScratchContext&) = delete;

  const std::string& path() const { return path_; }
  const DockerignoreRules& ignore() const { return ignore_; }

 private:
  std::string path_;
  DockerignoreRules ignore_;
};

}  // namespace imgslim::builder
