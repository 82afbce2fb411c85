// Build time as a team feels it, per Dockerfile: the cold build and the
// rebuild after a source-only change. Both run in a scratch copy of the
// context (builder/scratch_context.h), so the user's files are never
// written:
//   1. cold: `--no-cache`, every step runs again on the engine's own BuildKit
//      with the base images already there (a fresh builder would have to pull
//      them: that measures the registry, not the Dockerfile); Docker 20.10's
//      BuildKit also starts cache mounts empty under --no-cache;
//   2. one source file gets a comment line (builder/source_probe.h);
//   3. rebuild: an ordinary build, which reuses what step 1 cached up to the
//      first step that sees the changed file — the figure layer order and
//      cache mounts are for.
// The images of both builds are removed; the file is put back afterwards.
#pragma once
#include <optional>
#include <string>

#include "builder/engine.h"
#include "builder/scratch_context.h"
#include "builder/source_probe.h"

namespace imgslim::builder {

// How the cold build defeats the cache, as reports name it.
inline constexpr const char* kColdBuildMethod = "--no-cache";

struct BuildTimes {
  std::optional<double> cold_seconds;
  std::optional<double> rebuild_seconds;
  std::string changed_file;  // context-relative; "" when no source file was found
  std::string error;         // why a figure is missing; "" when both are there
  bool ok() const { return error.empty(); }
};

class BuildTimer {
 public:
  // Copies `context` once and picks the file to change; throws
  // imgslim::Error when the context cannot be copied.
  BuildTimer(Engine& engine, const std::string& context);

  // Times `request` (its context replaced by the scratch copy) as above;
  // tags `request.tag`-cold and -rebuild, logs beside `request.log_path`
  // (.cold.log, .rebuild.log). `probe_text` goes into the comment: unique
  // per call, so no earlier rebuild's cache answers this one.
  BuildTimes time(const BuildRequest& request, const std::string& probe_text);

  const std::optional<SourceProbe>& probe() const { return probe_; }

 private:
  Engine& engine_;
  ScratchContext scratch_;
  std::optional<SourceProbe> probe_;
};

}  // namespace imgslim::builder
